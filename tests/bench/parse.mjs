// Parse + validate of a large paste in the page: our wasm and wasm2js builds (their exported
// parse_preview(text)) next to Papa Parse parsing the same text in the same page.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function papaSource() {
  const file = require.resolve('papaparse/papaparse.min.js');
  const version = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'package.json'), 'utf8')).version;
  return { source: fs.readFileSync(file, 'utf8'), version };
}

/** The extension's id, from its service worker's URL. */
export async function extensionId(context) {
  let [sw] = context.serviceWorkers();
  if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 15000 });
  return new URL(sw.url()).host;
}

/**
 * In `page` (the replica without CSP, extension installed), imports the two builds from the
 * extension and times parse_preview(text) against Papa.parse(text, {header, skipEmptyLines}).
 * runs: timed calls per implementation after `warmup` untimed ones, interleaved by round.
 * Returns { impls: { papa, wasm, wasm2js }: { available, reason?, samples, median, min, max, summary } }.
 */
export async function benchParse(page, extId, text, { runs = 15, warmup = 3, urls = null } = {}) {
  const papa = papaSource();
  if (!(await page.evaluate(() => typeof window.Papa === 'object'))) await page.addScriptTag({ content: papa.source });
  urls ??= {
    // parse_preview is in the feature module (it parses as the "Bulk invite" tab does).
    wasm: `chrome-extension://${extId}/core/tabs-wasm.js`,
    wasm2js: `chrome-extension://${extId}/core/tabs-wasm2js.js`,
  };
  const out = await page.evaluate(async ({ urls, text, runs, warmup }) => {
    // Turns whatever parse_preview returns (plain object, Map, wasm-bindgen class) into JSON data.
    const plain = (x, depth = 0) => {
      if (x === null || typeof x !== 'object' || depth > 4) return typeof x === 'bigint' ? Number(x) : x;
      if (x instanceof Map) return Object.fromEntries([...x].map(([k, v]) => [k, plain(v, depth + 1)]));
      if (Array.isArray(x)) return x.length > 5 ? { length: x.length, first: x.slice(0, 3).map((v) => plain(v, depth + 1)) } : x.map((v) => plain(v, depth + 1));
      if (typeof x.toJSON === 'function') return plain(x.toJSON(), depth + 1);
      const o = {};
      for (const k of Object.keys(x)) if (!k.startsWith('__wbg')) o[k] = plain(x[k], depth + 1);
      for (let p = Object.getPrototypeOf(x); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) if (d.get && !(k in o)) o[k] = plain(x[k], depth + 1);
      }
      return o;
    };
    const release = (r) => { try { if (r && typeof r.free === 'function') r.free(); } catch {} };
    const impls = {
      papa: { available: true, fn: () => window.Papa.parse(text, { header: true, skipEmptyLines: true }) },
    };
    for (const [name, url] of Object.entries(urls)) {
      try {
        const mod = await import(url);
        if (typeof mod.parse_preview !== 'function') {
          impls[name] = { available: false, reason: `the build does not export parse_preview yet (exports: ${Object.keys(mod).sort().join(', ')})` };
        } else {
          impls[name] = { available: true, fn: () => mod.parse_preview(text) };
        }
      } catch (e) {
        impls[name] = { available: false, reason: `import failed: ${e && e.message ? e.message : e}` };
      }
    }
    // First call: the result summary (and whether it throws).
    for (const [name, impl] of Object.entries(impls)) {
      if (!impl.available) continue;
      try {
        const r = impl.fn();
        impl.summary = name === 'papa'
          ? { rows: r.data.length, errors: r.errors.length, fields: r.meta.fields }
          : plain(r);
        release(r);
      } catch (e) {
        impl.available = false;
        impl.reason = `parse_preview threw: ${e && e.message ? e.message : String(e)}`;
      }
    }
    const names = Object.keys(impls).filter((n) => impls[n].available);
    for (const n of names) impls[n].samples = [];
    for (let round = 0; round < warmup + runs; round++) {
      // rotate the order each round so no implementation always runs right after another's garbage
      const order = names.slice(round % names.length).concat(names.slice(0, round % names.length));
      for (const n of order) {
        const t = performance.now();
        const r = impls[n].fn();
        const dt = performance.now() - t;
        release(r);
        if (round >= warmup) impls[n].samples.push(dt);
      }
    }
    const res = {};
    for (const [n, impl] of Object.entries(impls)) {
      const { fn, ...rest } = impl;
      if (rest.samples) {
        const s = rest.samples.slice().sort((a, b) => a - b);
        rest.median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        rest.min = s[0];
        rest.max = s.at(-1);
      }
      res[n] = rest;
    }
    return res;
  }, { urls, text, runs, warmup });
  out.papa.version = papa.version;
  return { impls: out };
}

/** Whether a parse_preview result (or error) looks like the row-limit refusal rather than a preview. */
export function looksRefused(impl) {
  if (!impl) return false;
  const refusal = /too many|at most|limit|refus/i;
  if (!impl.available) return /threw/.test(impl.reason ?? '') && refusal.test(impl.reason);
  const sum = impl.summary;
  if (!sum || typeof sum !== 'object') return false;
  return Object.entries(sum).some(([k, v]) => /^(error|refused|refusal)$/i.test(k) ? !!v : typeof v === 'string' && refusal.test(v));
}

export function coreSizes(dir) {
  const zlib = require('node:zlib');
  return fs.readdirSync(dir).sort().map((f) => {
    const buf = fs.readFileSync(path.join(dir, f));
    return { file: f, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  });
}

/**
 * What the person waits for: in `page` (the replica with the extension), pastes `text` into the
 * "Bulk invite" box, then times, in the page, a press on Preview until the preview table is painted
 * (run state "previewed", rows in the table, two animation frames). That includes reading the
 * users table and checking the invite form's roles, as the real preview does. `runs` presses.
 * Returns { samples, median, renderedRows, rowcount, state }.
 */
export async function benchPreviewPaint(page, text, { runs = 3 } = {}) {
  const launcher = page.getByRole('button', { name: 'Access Kit', exact: true });
  await launcher.waitFor({ timeout: 20000 });
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await panel.getByRole('tab', { name: 'Bulk invite' }).click();
  // Set as a paste would (Playwright's fill is slow on hundreds of kilobytes; it is not what is timed).
  await panel.getByRole('textbox', { name: 'Emails or CSV' }).evaluate((el, t) => {
    el.value = t;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
  const samples = [];
  let last = null;
  for (let i = 0; i < runs; i++) {
    last = await page.evaluate(async () => {
      const root = document.getElementById('access-kit-host').shadowRoot;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const view = root.querySelector('[data-run-state]');
      const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Preview');
      const old = root.querySelector('table.preview-table');
      const t0 = performance.now();
      button.click();
      for (;;) {
        await frame();
        const table = root.querySelector('table.preview-table');
        if (view.dataset.runState === 'previewed' && table && table !== old && table.querySelector('tbody tr')) break;
        if (performance.now() - t0 > 120000) throw new Error(`no preview after 120 s (run state ${view.dataset.runState})`);
      }
      await frame();
      await frame();
      const table = root.querySelector('table.preview-table');
      return {
        ms: performance.now() - t0,
        renderedRows: table.querySelectorAll('tbody tr:not(.spacer)').length,
        rowcount: Number(table.getAttribute('aria-rowcount')),
        state: view.dataset.runState,
      };
    });
    samples.push(last.ms);
  }
  const s = samples.slice().sort((a, b) => a - b);
  return { samples, median: s[Math.floor(s.length / 2)], renderedRows: last.renderedRows, rowcount: last.rowcount, state: last.state };
}

/**
 * Serves dist/extension/core under the page's own origin (https://app.segment.com/__bench-core/…) so
 * the page's main world imports the very files the extension ships without depending on how the
 * manifest exposes them to pages (web_accessible_resources may not let pages load them at all).
 * Returns the URLs for benchParse.
 */
export async function serveCoreToPage(context, coreDir) {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
  await context.route('https://app.segment.com/__bench-core/**', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    const file = path.join(coreDir, name);
    if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, headers: { 'content-type': types[path.extname(name)] || 'application/octet-stream' }, body: fs.readFileSync(file) });
  });
  return {
    wasm: 'https://app.segment.com/__bench-core/tabs-wasm.js',
    wasm2js: 'https://app.segment.com/__bench-core/tabs-wasm2js.js',
  };
}
