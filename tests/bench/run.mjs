// `./build.sh bench`: figures for issue 5's "Performance" section. Prints a table, writes
// bench-out/results.json. No timing assertions: exits non-zero only when something functionally
// broke (a run did not finish, or the replica's log disagrees with what was meant to be sent).
//
//   node tests/bench/run.mjs                 everything (~5–10 min once the panel exists)
//   BENCH_QUICK=1 node tests/bench/run.mjs   one-email-per-submission part on 40 rows, not 200
//   BENCH_PARTS=reference,parse node …       a subset of: reference, extension, one, parse, read
//   BENCH_PARTS=read node …                  whole-table reads per pager shape (tests/bench/read.mjs)
//   BENCH_PARTS=roster node …                the roster export, 200 editor reads (tests/bench/roster.mjs)
//   AK_EXTENSION_DIR=…/dist/extension       another build (e.g. main's, for before/after figures)
//   BENCH_PARSE_RUNS=15                      timed parse calls per implementation (median of these)
//   BENCH_PARTS=footprint,parse node …       the footprint table's own measurements (tests/bench/footprint.mjs)
//   node tests/bench/run.mjs --save-baseline this run's footprint figures become tests/bench/baseline.json,
//                                            the "previous build" column of later runs (commit it with
//                                            the change it measures; README figures come from it)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { launch, openReplica, ROOT, EXT, watchExtension } from '../e2e/harness.mjs';
import { benchRows, rowsToCsv, chunksBySet, parseCorpus, ROLE_SETS } from './data.mjs';
import { verifyLog } from './verify.mjs';
import { runReference } from './reference.mjs';
import { runExtension, Unavailable } from './extension.mjs';
import { benchParse, benchPreviewPaint, serveCoreToPage, extensionId, looksRefused, coreSizes } from './parse.mjs';
import { report } from './report.mjs';
import { benchRead, readReport } from './read.mjs';
import { benchFootprint } from './footprint.mjs';
import { benchRoster, rosterReport } from './roster.mjs';
import { figures, footprintReport, BASELINE } from './summary.mjs';

const OUT = path.join(ROOT, 'bench-out');
const QUICK = process.env.BENCH_QUICK === '1';
const PARTS = new Set((process.env.BENCH_PARTS || 'footprint,reference,extension,one,parse,read,roster').split(',').map((s) => s.trim()));
const PARSE_RUNS = Math.max(3, Number(process.env.BENCH_PARSE_RUNS) || 15);

const ROWS = 200;
const PER_SUBMISSION = 25;
const PAGE = { latency: 300, jitter: 0, fail: 0 }; // era 2019, form sheet, seed 1: the replica's defaults
const ONE_ROWS = QUICK ? 40 : ROWS;
const PARSE_ROWS = 10000;

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg() },
  page: { ...PAGE, era: '2019', form: 'sheet' },
  rows: ROWS,
  roleSets: ROLE_SETS.map((s) => ({ key: s.key, title: s.title, rows: ROWS / ROLE_SETS.length })),
  perSubmission: PER_SUBMISSION,
  quick: QUICK,
  targets: { submissions: Math.ceil(ROWS / ROLE_SETS.length / PER_SUBMISSION) * ROLE_SETS.length, ratio: 1.25 },
  reference: null,
  extension: null,
  onePerSubmission: null,
  parse: null,
  sizes: null,
  failures: [],
};

const log = (...a) => console.error('   ', ...a); // progress on stderr; the table goes to stdout
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const fail = (part, msg) => { results.failures.push(`${part}: ${msg}`); log(`FAILED ${part}: ${msg}`); };
const shots = [];
async function shoot(page, name) {
  try {
    fs.mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(path.relative(ROOT, file));
  } catch {}
}

fs.mkdirSync(OUT, { recursive: true });
const tAll = performance.now();

// ---- sizes ----------------------------------------------------------------------------------
try {
  results.sizes = coreSizes(path.join(EXT, 'core'));
  results.pageSizes = coreSizes(path.join(EXT, 'pages'));
  results.popupSizes = coreSizes(path.join(EXT, 'popup'));
} catch (e) {
  results.sizes = { unavailable: `no ${path.relative(ROOT, EXT)}/core (${e.code || e.message}); run ./build.sh build` };
}

// ---- 0. footprint: elsewhere in the app, ready time ----------------------------------------
if (PARTS.has('footprint')) {
  if (!fs.existsSync(path.join(EXT, 'manifest.json'))) {
    results.footprint = { available: false, reason: `no built extension in ${path.relative(ROOT, EXT)}` };
  } else {
    try {
      results.footprint = await benchFootprint({ ext: EXT, log });
    } catch (e) {
      results.footprint = { available: false, reason: e.message };
      fail('footprint', e.message);
    }
  }
}

// ---- 1. reference ---------------------------------------------------------------------------
if (PARTS.has('reference')) {
  log(`reference: ${ROWS} rows, ${ROLE_SETS.length} role sets, ${PER_SUBMISSION}/submission, latency ${PAGE.latency} ms`);
  const browser = await launch();
  try {
    const page = await openReplica(browser.context, PAGE);
    results.chromium = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
    const rows = benchRows(ROWS);
    const chunks = chunksBySet(rows, PER_SUBMISSION);
    try {
      const r = await runReference(page, chunks);
      const v = verifyLog(await page.evaluate(() => window.__replica.state()), rows, { pageT0: r.pageT0 });
      results.reference = { ...r, verify: v };
      if (!v.ok) fail('reference', `replica log disagrees: ${v.problems.join('; ')}`);
      log(`reference: ${secs(r.wallMs)}, ${v.submissions} submissions`);
    } catch (e) {
      await shoot(page, 'reference-failure');
      results.reference = { error: e.message };
      fail('reference', e.message);
    }
  } finally {
    await browser.close();
  }
}

// ---- 2 + 4. extension (grouped), then parse, in one browser with the extension --------------
if (PARTS.has('extension') || PARTS.has('parse')) {
  let browser;
  try {
    if (!fs.existsSync(path.join(EXT, 'manifest.json'))) throw new Unavailable(`no built extension in ${path.relative(ROOT, EXT)}`);
    browser = await launch({ extensionDir: EXT });
  } catch (e) {
    const reason = e instanceof Unavailable ? e.message : `could not launch Chromium with the extension: ${e.message}`;
    if (PARTS.has('extension')) results.extension = { available: false, reason };
    if (PARTS.has('parse')) results.parse = { available: false, reason };
  }
  if (browser) {
    try {
      if (PARTS.has('extension')) results.extension = await extensionRun(browser, ROWS, PER_SUBMISSION, 'extension', 180000);
      if (PARTS.has('parse')) results.parse = await parseRun(browser);
    } finally {
      await browser.close();
    }
  }
}

// ---- 3. one email per submission (fresh browser: no journal from the grouped run) -----------
if (PARTS.has('one')) {
  if (results.extension && results.extension.available === false) {
    results.onePerSubmission = { available: false, reason: results.extension.reason };
  } else if (!fs.existsSync(path.join(EXT, 'manifest.json'))) {
    results.onePerSubmission = { available: false, reason: `no built extension in ${path.relative(ROOT, EXT)}` };
  } else {
    const browser = await launch({ extensionDir: EXT });
    try {
      results.onePerSubmission = await extensionRun(browser, ONE_ROWS, 1, 'one-per-submission', ONE_ROWS * 5000 + 60000);
    } finally {
      await browser.close();
    }
  }
}

// ---- 5. whole-table reads per pager shape ---------------------------------------------------
if (PARTS.has('read')) {
  if (!fs.existsSync(path.join(EXT, 'manifest.json'))) {
    results.read = { available: false, reason: `no built extension in ${path.relative(ROOT, EXT)}` };
  } else {
    results.read = await benchRead({ ext: EXT, log, fail });
  }
}

// ---- 6. the roster export ---------------------------------------------------------------------
if (PARTS.has('roster')) {
  if (!fs.existsSync(path.join(EXT, 'manifest.json'))) {
    results.roster = { available: false, reason: `no built extension in ${path.relative(ROOT, EXT)}` };
  } else {
    results.roster = await benchRoster({ ext: EXT, log, fail });
  }
}

results.totalMs = performance.now() - tAll;
results.screenshots = shots;
fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
process.stdout.write(report(results));
const baseline = fs.existsSync(BASELINE) ? JSON.parse(fs.readFileSync(BASELINE, 'utf8')) : null;
const now = figures(results);
process.stdout.write(footprintReport(now, baseline));
if (process.argv.includes('--save-baseline')) {
  const kept = { ...(baseline?.figures ?? {}) };
  for (const [k, v] of Object.entries(now)) if (v !== null && v !== undefined) kept[k] = v;
  fs.writeFileSync(BASELINE, JSON.stringify({ date: results.date, commit: gitHead(), figures: kept }, null, 2) + '\n');
  console.log(`baseline: ${path.relative(ROOT, BASELINE)} updated (figures not measured this run kept)`);
}
if (results.read?.shapes) process.stdout.write(readReport(results.read));
if (results.roster && results.roster.available !== false) process.stdout.write(rosterReport(results.roster));
console.log(`\nresults: ${path.relative(ROOT, path.join(OUT, 'results.json'))}${shots.length ? `; screenshots: ${shots.join(', ')}` : ''}`);
process.exit(results.failures.length ? 1 : 0);

// ---------------------------------------------------------------------------------------------

function gitHead() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function extensionRun(browser, n, per, part, timeoutMs) {
  log(`${part}: ${n} rows, ${per}/submission through the "Bulk invite" panel`);
  const page = await openReplica(browser.context, PAGE);
  // The extension's own counters, read in the content script's world (the page allows wasm here):
  // the in-page core's (guard, launcher) plus the feature module's (the run's waits, the panel).
  const watch = await watchExtension(page);
  const coreStats = () => watch.inCore(`Promise.all(['kit', 'tabs'].map((m) => import(chrome.runtime.getURL('core/' + m + '-wasm.js'))))
    .then((ms) => ms.map((k) => k.observer_stats()).reduce((a, b) => [a[0] + b[0], a[1] + b[1]]))`);
  results.chromium ??= await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const rows = benchRows(n);
  try {
    const r = await runExtension(page, rowsToCsv(rows), {
      perSubmission: per, timeoutMs, coreStats,
      onProgress: (p, ms) => log(`${part}: ${p} after ${secs(ms)}`),
    });
    const v = verifyLog(await page.evaluate(() => window.__replica.state()), rows, { pageT0: r.pageT0 });
    if (!v.ok) fail(part, `replica log disagrees: ${v.problems.join('; ')}`);
    if (r.progress.now !== null && r.progress.max !== null && r.progress.now !== r.progress.max) {
      fail(part, `progressbar ends at ${r.progress.now}/${r.progress.max}`);
    }
    if (!r.downloadButton) fail(part, 'no "Download results" button after the run');
    log(`${part}: ${secs(r.wallMs)}, ${v.submissions} submissions`);
    return { available: true, rows: n, perSubmission: per, ...r, verify: v, pageErrors: errors };
  } catch (e) {
    await shoot(page, `${part}-${e instanceof Unavailable ? 'unavailable' : 'failure'}`);
    if (e instanceof Unavailable) {
      log(`${part}: not available (${e.message})`);
      return { available: false, reason: e.message };
    }
    let v = null;
    try { v = verifyLog(await page.evaluate(() => window.__replica.state()), rows); } catch {}
    fail(part, e.message);
    return { available: true, rows: n, perSubmission: per, error: e.message, verify: v, pageErrors: errors };
  } finally {
    await watch.detach();
    await page.close().catch(() => {});
  }
}

async function parseRun(browser) {
  log(`parse: ${PARSE_ROWS} rows, median of ${PARSE_RUNS} in the page (wasm, wasm2js, Papa Parse)`);
  const page = await openReplica(browser.context, { ...PAGE, latency: 0 });
  try {
    let id;
    try { id = await extensionId(browser.context); } catch (e) {
      return { available: false, reason: `no extension service worker (${e.message})` };
    }
    const corpus = parseCorpus(PARSE_ROWS);
    const { text, ...about } = corpus;
    const urls = await serveCoreToPage(browser.context, path.join(EXT, 'core'));
    const main = await benchParse(page, id, text, { runs: PARSE_RUNS, urls });
    const out = { available: true, extensionId: id, corpus: about, runs: PARSE_RUNS, ...main };
    // The panel refuses more than 5,000 rows a run (issue 5, "Input"). If parse_preview refuses the
    // 10,000-row paste, that timing is of the refusal, so also time the largest accepted paste.
    const refused = ['wasm', 'wasm2js'].filter((n) => looksRefused(main.impls[n]));
    if (refused.length) {
      out.refused10k = refused;
      const small = parseCorpus(5000);
      const { text: t5, ...about5 } = small;
      log('parse: 10,000 rows refused by parse_preview; also timing 5,000 rows');
      out.at5000 = { corpus: about5, ...(await benchParse(page, id, t5, { runs: PARSE_RUNS, urls })) };
    }
    // Paste → preview table painted, for the run limit of 5,000 rows, in the panel (wasm build).
    try {
      const { text: t5, ...about5 } = parseCorpus(5000);
      log('parse: paste → preview painted, 5,000 rows, in the panel');
      const paintPage = await openReplica(browser.context, { ...PAGE, latency: 0 });
      try {
        out.paint = { corpus: about5, ...(await benchPreviewPaint(paintPage, t5)) };
      } finally {
        await paintPage.close().catch(() => {});
      }
    } catch (e) {
      out.paint = { error: e.message };
      fail('parse', `preview paint: ${e.message}`);
    }
    for (const set of [out.impls, out.at5000?.impls].filter(Boolean)) {
      // The builds must classify alike; their own timings (`ms`) of course differ.
      const counts = (s) => JSON.stringify({ ...s, ms: undefined });
      const a = set.wasm?.summary, b = set.wasm2js?.summary;
      if (set.wasm?.available && set.wasm2js?.available && counts(a) !== counts(b)) {
        fail('parse', `wasm and wasm2js builds disagree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    return out;
  } catch (e) {
    fail('parse', e.message);
    return { available: false, reason: e.message };
  } finally {
    await page.close().catch(() => {});
  }
}
