// The footprint table of `./build.sh bench` (issue 16): one row per figure, this build beside the
// previous one (tests/bench/baseline.json, written by `./build.sh bench --save-baseline`), so a
// regression shows as a change. Figures a run did not measure print as "—".
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { READY_STAGES } from './footprint.mjs';

export const BASELINE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline.json');

const gz = (sizes, test) => (Array.isArray(sizes) ? sizes.filter((f) => test(f.file)).reduce((n, f) => n + f.gzip, 0) || null : null);
const sub = (a, b) => (a === null || a === undefined || b === null || b === undefined ? null : a - b);

/** The table's figures from a run's results (see run.mjs), keyed as in baseline.json. */
export function figures(r) {
  const fp = r.footprint?.available === false ? null : r.footprint;
  const el = (csp) => fp?.elsewhere?.[csp];
  const ready = (e) => fp?.ready?.[e]?.median ?? null;
  const impl = (n) => (r.parse?.available ? r.parse.impls?.[n] : null);
  const papa = impl('papa');
  const ratio = (n) => (impl(n)?.available && papa?.available ? impl(n).median / papa.median : null);
  return {
    elsewhereScriptMsWasm: sub(el('none')?.ext.scriptMs, el('none')?.bare.scriptMs),
    elsewhereScriptMsWasm2js: sub(el('strict')?.ext.scriptMs, el('strict')?.bare.scriptMs),
    elsewhereOwnMsWasm: el('none')?.ext.ownMs ?? null,
    elsewhereOwnMsWasm2js: el('strict')?.ext.ownMs ?? null,
    elsewhereHeapKiBWasm: el('none') ? sub(el('none').ext.heapBytes, el('none').bare.heapBytes) / 1024 : null,
    elsewhereHeapKiBWasm2js: el('strict') ? sub(el('strict').ext.heapBytes, el('strict').bare.heapBytes) / 1024 : null,
    elsewhereCoreRequests: fp ? Math.max(el('none')?.ext.coreRequests ?? 0, el('strict')?.ext.coreRequests ?? 0) : null,
    shownMsWasm: fp?.ready?.wasm?.shown?.median ?? null,
    shownMsWasm2js: fp?.ready?.wasm2js?.shown?.median ?? null,
    readyMsWasm: ready('wasm'),
    readyMsWasm2js: ready('wasm2js'),
    inPageWasmGzKiB: (gz(r.sizes, (f) => f === 'kit-wasm.js' || f === 'access_kit_bg.wasm') ?? NaN) / 1024 || null,
    inPageWasm2jsGzKiB: (gz(r.sizes, (f) => f === 'kit-wasm2js.js') ?? NaN) / 1024 || null,
    featureWasmGzKiB: (gz(r.sizes, (f) => f === 'tabs-wasm.js' || f === 'access_kit_tabs_bg.wasm') ?? NaN) / 1024 || null,
    featureWasm2jsGzKiB: (gz(r.sizes, (f) => f === 'tabs-wasm2js.js') ?? NaN) / 1024 || null,
    pagesGzKiB: (gz(r.pageSizes, () => true) ?? NaN) / 1024 || null,
    popupGzKiB: (gz(r.popupSizes, () => true) ?? NaN) / 1024 || null,
    parseRatioWasm: ratio('wasm'),
    parseRatioWasm2js: ratio('wasm2js'),
    previewPaintMs5000: r.parse?.paint?.median ?? null,
    observerCallbacks200: r.extension?.observers?.callbacks ?? null,
    observerMs200: r.extension?.observers?.ms ?? null,
    ...readyStages(fp),
  };
}

/** What each start-up stage took (median ms), keyed `readyStage.<stage>.<engine>`. */
const STAGES = [...READY_STAGES.slice(1), 'shown'];
const STAGE_WORDS = {
  compiled: 'wasm fetched + compiled (loader, glue import)',
  instantiated: 'wasm instantiated',
  core: 'glue module evaluated → start_content',
  driver: 'stored override read, profile ready',
  mount: 'page controller, route check',
  panel: 'shadow root, panel shell (tabs load on first use)',
  launcher: 'launcher button (the loader’s, taken over)',
  shown: 'until the page sees the core has it',
};
function readyStages(fp) {
  const out = {};
  for (const engine of ['wasm', 'wasm2js']) {
    for (const s of STAGES) out[`readyStage.${s}.${engine}`] = fp?.ready?.[engine]?.stages?.[s] ?? null;
  }
  return out;
}

const ROWS = [
  ['elsewhereScriptMsWasm', 'elsewhere: script time added, page allows wasm', 'ms', '≤ 1'],
  ['elsewhereScriptMsWasm2js', 'elsewhere: script time added, strict CSP', 'ms', '≤ 1'],
  ['elsewhereOwnMsWasm', "elsewhere: the extension's own script (CPU profile), page allows wasm", 'ms', '≤ 1'],
  ['elsewhereOwnMsWasm2js', "elsewhere: the extension's own script (CPU profile), strict CSP", 'ms', '≤ 1'],
  ['elsewhereHeapKiBWasm', 'elsewhere: JS heap added, page allows wasm', 'KiB', ''],
  ['elsewhereHeapKiBWasm2js', 'elsewhere: JS heap added, strict CSP', 'KiB', ''],
  ['elsewhereCoreRequests', 'elsewhere: core files requested', '', '0'],
  ['shownMsWasm', 'ready: content script starts → launcher shown (takes a click), wasm', 'ms', '≤ 30'],
  ['shownMsWasm2js', 'ready: content script starts → launcher shown (takes a click), wasm2js', 'ms', ''],
  ['readyMsWasm', 'ready: content script starts → core ready (a click opens the panel at once), wasm', 'ms', ''],
  ['readyMsWasm2js', 'ready: content script starts → core ready (a click opens the panel at once), wasm2js', 'ms', ''],
  ['inPageWasmGzKiB', 'size: in-page core, wasm (+ glue), gzip -9', 'KiB', '≤ 150'],
  ['inPageWasm2jsGzKiB', 'size: in-page core, wasm2js, gzip -9', 'KiB', '≤ 250'],
  ['featureWasmGzKiB', 'size: feature module (tabs, on first use), wasm (+ glue), gzip -9', 'KiB', ''],
  ['featureWasm2jsGzKiB', 'size: feature module (tabs, on first use), wasm2js, gzip -9', 'KiB', ''],
  ['pagesGzKiB', 'size: options page core (wasm + glue), gzip -9', 'KiB', '≤ 150'],
  ['popupGzKiB', 'size: toolbar popup core (wasm + glue), gzip -9', 'KiB', ''],
  ['parseRatioWasm', 'parse + validate 10,000 rows vs Papa Parse, wasm', '×', '≤ 1.0'],
  ['parseRatioWasm2js', 'parse + validate 10,000 rows vs Papa Parse, wasm2js', '×', '≤ 3'],
  ['previewPaintMs5000', 'paste → preview painted, 5,000 rows (wasm)', 'ms', ''],
  ['observerCallbacks200', 'observer callbacks during a 200-row run', '', ''],
  ['observerMs200', 'time in those callbacks', 'ms', ''],
];

const num = (v, unit) => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const t = unit === '×' ? v.toFixed(2) : Math.abs(v) >= 100 || unit === '' ? v.toFixed(0) : v.toFixed(1);
  return unit === '×' ? `${t}×` : unit ? `${t} ${unit}` : t;
};

/** The one footprint table: this build, the previous build (baseline), the change, the target. */
export function footprintReport(now, baseline) {
  const prev = baseline?.figures ?? {};
  const rows = ROWS.map(([key, label, unit, target]) => {
    const a = now[key], b = prev[key];
    const both = Number.isFinite(a) && Number.isFinite(b);
    const change = both ? (b !== 0 ? `${a >= b ? '+' : ''}${(((a - b) / Math.abs(b)) * 100).toFixed(0)}%` : `${a - b >= 0 ? '+' : ''}${num(a - b, unit)}`) : '';
    return [label, num(a, unit), num(b, unit), change, target];
  });
  const head = ['figure', 'this build', `previous (${baseline ? `${baseline.commit ?? '?'}, ${baseline.date?.slice(0, 10)}` : 'no baseline'})`, 'change', 'target'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const fmt = (r) => '  ' + r.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join('   ').trimEnd();
  return ['', 'Footprint and speed (issue 16)', fmt(head), '  ' + w.map((n) => '-'.repeat(n)).join('   '), ...rows.map(fmt), '', ...stageTable(now, prev)].join('\n') + '\n';
}

/** The core-ready time stage by stage (content script starts → core has the launcher), both builds, beside the previous build. */
function stageTable(now, prev) {
  const cell = (f, s, e) => num(f[`readyStage.${s}.${e}`], 'ms');
  const head = ['core ready, stage by stage (median)', 'wasm', 'previous', 'wasm2js', 'previous'];
  const rows = STAGES.map((s) => [`${s}: ${STAGE_WORDS[s]}`, cell(now, s, 'wasm'), cell(prev, s, 'wasm'), cell(now, s, 'wasm2js'), cell(prev, s, 'wasm2js')]);
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const fmt = (r) => '  ' + r.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join('   ').trimEnd();
  return [fmt(head), '  ' + w.map((n) => '-'.repeat(n)).join('   '), ...rows.map(fmt), ''];
}
