// Footprint figures for `./build.sh bench` (issue 16): what the extension costs on another page of
// the app (script time and heap next to the same page without the extension, core requests), and
// how soon its launcher is usable on Access Management, for both builds (CSP none → wasm, CSP
// strict → wasm2js). Printed, never asserted.
//
// Elsewhere: a fresh page of /acme/overview per sample; once the page has settled (the content
// script's run is checked afterwards: its flag in the extension's isolated world), the DevTools protocol's
// Performance.getMetrics gives ScriptDuration (all worlds of the page) and, after a forced
// garbage collection, JSHeapUsedSize. The same is taken in a browser without the extension; the
// difference of medians is the extension's cost (the replica's own React start-up is in both,
// so the figure is only as precise as that start-up is steady: a few ms).
// Ready: from the moment the loader asks for the core (the DevTools protocol's wall time of the
// core/kit-*.js request: the loader's route check before it is one regex test) to the moment the
// launcher button exists in our shadow root (a main-world observer's wall clock).
import { launch, ORIGIN, replicaUrl, watchExtension } from '../e2e/harness.mjs';

const median = (a) => { const b = a.slice().sort((p, q) => p - q); return b.length ? b[Math.floor(b.length / 2)] : null; };

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))));
}

/** Performance metrics of `page` from before it navigates (ScriptDuration counts from enable). */
async function metered(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics: m } = await cdp.send('Performance.getMetrics');
    await cdp.detach().catch(() => {});
    const get = (n) => m.find((x) => x.name === n)?.value ?? null;
    return { scriptMs: get('ScriptDuration') * 1000, heapBytes: get('JSHeapUsedSize') };
  };
}

async function elsewhereSample(context, csp, withExtension) {
  const page = await context.newPage();
  try {
    const watch = withExtension ? await watchExtension(page) : null;
    const metrics = await metered(page);
    await page.goto(`${ORIGIN}/acme/overview${csp === 'none' ? '' : `?csp=${csp}`}`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await settle(page);
    // Metered before asking whether the loader ran: the DevTools protocol's evaluations are script too.
    const m = await metrics();
    if (watch) {
      await watch.waitForLoader();
      m.coreRequests = watch.core.length;
      await watch.detach();
    }
    return m;
  } finally {
    await page.close().catch(() => {});
  }
}

// Records, in the main world, the wall time at which our launcher button first exists.
const READY_PROBE = `(() => {
  const mark = () => { window.__benchLauncherAt = performance.timeOrigin + performance.now(); };
  const onRoot = (root) => {
    if (root.querySelector('button')) return mark();
    const o = new MutationObserver(() => { if (root.querySelector('button')) { o.disconnect(); mark(); } });
    o.observe(root, { childList: true, subtree: true });
  };
  const o = new MutationObserver(() => {
    const host = document.getElementById('access-kit-host');
    if (host && host.shadowRoot) { o.disconnect(); onRoot(host.shadowRoot); }
  });
  o.observe(document, { childList: true, subtree: true });
})();`;

async function readySample(context, csp) {
  const page = await context.newPage();
  try {
    await page.addInitScript(READY_PROBE);
    const cdp = await context.newCDPSession(page);
    let askedAt = null;
    cdp.on('Network.requestWillBeSent', (e) => {
      if (askedAt === null && /\/core\/kit-[a-z0-9]+\.js$/.test(e.request.url)) askedAt = e.wallTime * 1000;
    });
    await cdp.send('Network.enable');
    await page.goto(replicaUrl({ csp }));
    await page.getByRole('button', { name: 'Access Kit', exact: true }).waitFor({ timeout: 30000 });
    const at = await page.evaluate(() => window.__benchLauncherAt ?? null);
    await cdp.detach().catch(() => {});
    return at !== null && askedAt !== null ? at - askedAt : null;
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * { elsewhere: { none|strict: { bare, ext: {scriptMs, heapBytes, coreRequests}, scriptMs, heapBytes } },
 *   ready: { wasm|wasm2js: { samples, median } } }, medians of `runs`.
 */
export async function benchFootprint({ ext, log, runs = 7 }) {
  const out = { runs, elsewhere: {}, ready: {} };
  const bare = await launch();
  const withExt = await launch({ extensionDir: ext });
  try {
    for (const csp of ['none', 'strict']) {
      log(`footprint: another app page (CSP ${csp}), ${runs} samples with and without the extension`);
      const a = [], b = [];
      for (let i = 0; i < runs; i++) {
        a.push(await elsewhereSample(bare.context, csp, false));
        b.push(await elsewhereSample(withExt.context, csp, true));
      }
      const med = (s, k) => median(s.map((x) => x[k]));
      out.elsewhere[csp] = {
        bare: { scriptMs: med(a, 'scriptMs'), heapBytes: med(a, 'heapBytes') },
        ext: { scriptMs: med(b, 'scriptMs'), heapBytes: med(b, 'heapBytes'), coreRequests: Math.max(...b.map((x) => x.coreRequests)) },
      };
    }
    for (const [csp, engine] of [['none', 'wasm'], ['strict', 'wasm2js']]) {
      log(`footprint: ready time, ${engine} build, ${runs} fresh pages`);
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await readySample(withExt.context, csp));
      const ok = samples.filter((x) => x !== null);
      out.ready[engine] = { samples: ok, median: median(ok), missing: samples.length - ok.length };
    }
  } finally {
    await bare.close();
    await withExt.close();
  }
  return out;
}
