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
// so the figure is only as precise as that start-up is steady: a few ms). The extension's own
// script is also measured directly: a CPU profile of the page (V8's sampler, every 50 µs, all
// worlds) from before it navigates until it settles, summing the samples whose stack holds a
// frame of the extension's files (chrome-extension://…): its route check, whatever the page does.
// Those pages are extra samples, since the profiler's own cost would blur the difference above.
// Ready, two figures from the moment the loader decides to load the core (its `access-kit:load`
// mark on the page's performance timeline, right after the route check), taken by a main-world
// observer on the same clock: "launcher shown", when the launcher button exists in our shadow
// root and takes a click (the loader draws it before any core is fetched; a click then is held
// until the core comes), and "core ready", when the core has taken that button over
// (`data-engine` set, in the same task as its click handler: a click opens the panel at once).
// The core's own marks (`access-kit:<stage>`, src/ui/dom.rs `mark`; the wasm entry's in build.sh)
// break the second down: each stage's time is from the previous mark.
import { launch, ORIGIN, replicaUrl, watchExtension } from '../e2e/harness.mjs';

const median = (a) => { const b = a.slice().sort((p, q) => p - q); return b.length ? b[Math.floor(b.length / 2)] : null; };

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))));
}

/** Milliseconds of a CPU profile's samples whose stack holds a frame of a `chrome-extension:` file. */
function extensionMs(profile) {
  const parent = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = new Map();
  const isOurs = (id) => {
    if (ours.has(id)) return ours.get(id);
    const n = byId.get(id);
    const v = n.callFrame.url.startsWith('chrome-extension://') || (parent.has(id) && isOurs(parent.get(id)));
    ours.set(id, v);
    return v;
  };
  let us = 0;
  profile.samples.forEach((id, i) => { if (isOurs(id)) us += profile.timeDeltas[i] ?? 0; });
  return us / 1000;
}

/** Performance metrics of `page` from before it navigates (ScriptDuration counts from enable);
 *  with `profiled`, the extension's own script time from a CPU profile over the same span. */
async function metered(page, profiled) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (profiled) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  return async () => {
    const profile = profiled ? (await cdp.send('Profiler.stop')).profile : null;
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics: m } = await cdp.send('Performance.getMetrics');
    await cdp.detach().catch(() => {});
    const get = (n) => m.find((x) => x.name === n)?.value ?? null;
    return { scriptMs: get('ScriptDuration') * 1000, heapBytes: get('JSHeapUsedSize'), ownMs: profile && extensionMs(profile) };
  };
}

async function elsewhereSample(context, csp, withExtension, profiled = false) {
  const page = await context.newPage();
  try {
    const watch = withExtension ? await watchExtension(page) : null;
    const metrics = await metered(page, profiled);
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

// Records, in the main world, the wall time at which our launcher button first exists
// (`__benchLauncherAt`) and at which the core has it (`__benchCoreAt`: `data-engine` set).
const READY_PROBE = `(() => {
  const launcher = (root) => root.querySelector('button.launcher');
  const look = (root) => {
    const b = launcher(root);
    if (b && window.__benchLauncherAt === undefined) window.__benchLauncherAt = performance.now();
    if (b && b.hasAttribute('data-engine')) { window.__benchCoreAt = performance.now(); return true; }
    return false;
  };
  const onRoot = (root) => {
    if (look(root)) return;
    const o = new MutationObserver(() => { if (look(root)) o.disconnect(); });
    o.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-engine'] });
  };
  const o = new MutationObserver(() => {
    const host = document.getElementById('access-kit-host');
    if (host && host.shadowRoot) { o.disconnect(); onRoot(host.shadowRoot); }
  });
  o.observe(document, { childList: true, subtree: true });
})();`;

/** The start-up stages in the order they happen (marks a build does not make are skipped). */
export const READY_STAGES = ['load', 'compiled', 'instantiated', 'core', 'driver', 'mount', 'panel', 'launcher'];

async function readySample(context, csp) {
  const page = await context.newPage();
  try {
    await page.addInitScript(READY_PROBE);
    await page.goto(replicaUrl({ csp }));
    await page.locator('#access-kit-host button.launcher[data-engine]').waitFor({ timeout: 30000 });
    const { shownAt, at, marks } = await page.evaluate(() => ({
      shownAt: window.__benchLauncherAt ?? null,
      at: window.__benchCoreAt ?? null,
      marks: Object.fromEntries(performance.getEntriesByType('mark')
        .filter((m) => m.name.startsWith('access-kit:')).map((m) => [m.name.slice(11), m.startTime])),
    }));
    if (at === null || shownAt === null || marks.load === undefined) return null;
    // Each stage: from the previous mark present to its own.
    const stages = {};
    let prev = marks.load;
    for (const s of READY_STAGES.slice(1)) {
      if (marks[s] === undefined) continue;
      stages[s] = marks[s] - prev;
      prev = marks[s];
    }
    stages.shown = at - prev;
    return { ms: at - marks.load, shownMs: shownAt - marks.load, stages };
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * { elsewhere: { none|strict: { bare, ext: {scriptMs, heapBytes, coreRequests}, scriptMs, heapBytes } },
 *   ready: { wasm|wasm2js: { samples, median, stages: { <stage>: median ms }, shown: { samples, median } } } },
 * medians of `runs` ("core ready" in samples/median, "launcher shown" in shown).
 */
export async function benchFootprint({ ext, log, runs = 7 }) {
  const out = { runs, elsewhere: {}, ready: {} };
  const bare = await launch();
  const withExt = await launch({ extensionDir: ext });
  try {
    for (const csp of ['none', 'strict']) {
      log(`footprint: another app page (CSP ${csp}), ${runs} samples with and without the extension`);
      const a = [], b = [], c = [];
      for (let i = 0; i < runs; i++) {
        a.push(await elsewhereSample(bare.context, csp, false));
        b.push(await elsewhereSample(withExt.context, csp, true));
        c.push(await elsewhereSample(withExt.context, csp, true, true));
      }
      const med = (s, k) => median(s.map((x) => x[k]));
      out.elsewhere[csp] = {
        bare: { scriptMs: med(a, 'scriptMs'), heapBytes: med(a, 'heapBytes') },
        ext: {
          scriptMs: med(b, 'scriptMs'), heapBytes: med(b, 'heapBytes'), coreRequests: Math.max(...b.map((x) => x.coreRequests)),
          ownMs: med(c, 'ownMs'), ownMsMax: Math.max(...c.map((x) => x.ownMs)),
        },
      };
    }
    for (const [csp, engine] of [['none', 'wasm'], ['strict', 'wasm2js']]) {
      log(`footprint: ready time, ${engine} build, ${runs} fresh pages`);
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await readySample(withExt.context, csp));
      const ok = samples.filter((x) => x !== null);
      const stages = {};
      for (const k of [...READY_STAGES.slice(1), 'shown']) {
        const v = ok.map((x) => x.stages[k]).filter((v) => v !== undefined);
        if (v.length) stages[k] = median(v);
      }
      out.ready[engine] = {
        samples: ok.map((x) => x.ms), median: median(ok.map((x) => x.ms)), stages, missing: samples.length - ok.length,
        shown: { samples: ok.map((x) => x.shownMs), median: median(ok.map((x) => x.shownMs)) },
      };
    }
  } finally {
    await bare.close();
    await withExt.close();
  }
  return out;
}
