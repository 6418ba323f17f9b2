// Whole-table reads per pager shape (issue 10, "Speed"): 1,000 people (40 pages of 25) at 300 ms
// latency. The extension reads through its "Check page" tab ("Read members"); the reference is a
// Playwright script that knows the replica (its data-* hooks and texts) and turns the same pages
// with exact waits. Prints rows read, pages, wall time and the ratio; asserts nothing about time.
//
//   BENCH_PARTS=read node tests/bench/run.mjs        (after ./build.sh build)
//   BENCH_READ_SHAPES=numbered,text …                a subset of the shapes
//   BENCH_READ_MEMBERS=244 …                         a smaller table (profiling one shape quickly)
import { performance } from 'node:perf_hooks';
import { launch, openReplica, gotoReplica } from '../e2e/harness.mjs';

export const READ_PAGE = {
  members: Number(process.env.BENCH_READ_MEMBERS || 994), pending: 6, latency: 300, paging: 'server', seed: 1,
};
export const SHAPES = (process.env.BENCH_READ_SHAPES || 'numbered,text,icons,loadmore,scroll,virtual,none')
  .split(',').map((s) => s.trim()).filter(Boolean);
const TOTAL = READ_PAGE.members + READ_PAGE.pending;
const T = { timeout: 120000 };

const emailsShown = (page) => page.locator('[data-evergreen-table-body] [data-email]')
  .evaluateAll((els) => els.map((e) => e.getAttribute('data-email')));

/** The reference for one shape: returns { rows, pages, wallMs }. */
async function reference(page, shape) {
  const seen = new Set();
  const take = async () => { for (const e of await emailsShown(page)) seen.add(e); };
  const countText = page.locator('[data-replica="row-count"]');
  let pages = 1;
  const t0 = performance.now();
  if (['numbered', 'text', 'icons'].includes(shape)) {
    const next = {
      numbered: page.getByRole('button', { name: 'Next page' }),
      text: page.getByRole('button', { name: 'Next ›' }),
      icons: page.getByRole('button', { name: 'Go to next page' }),
    }[shape];
    for (;;) {
      await take();
      if (seen.size >= TOTAL) break;
      const first = pages * 25 + 1;
      const want = shape === 'icons' ? `${first}–` : `Showing ${first}–`;
      await next.click(T);
      await page.waitForFunction(([w, sel]) => document.querySelector(sel)?.textContent.startsWith(w)
        && !document.querySelector('[data-replica=loading]'), [want, '[data-replica="row-count"]'], T);
      pages++;
    }
  } else if (shape === 'loadmore') {
    const more = page.getByRole('button', { name: 'Load more' });
    for (;;) {
      await take();
      if (seen.size >= TOTAL) break;
      await more.click(T);
      await page.waitForFunction((n) => document.querySelectorAll('[data-evergreen-table-body] [data-email]').length >= n, Math.min(TOTAL, (pages + 1) * 25), T);
      pages++;
    }
  } else if (shape === 'scroll') {
    const list = page.locator('[data-replica="users-list"]');
    for (;;) {
      await take();
      if (seen.size >= TOTAL) break;
      await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
      await page.waitForFunction((n) => document.querySelectorAll('[data-evergreen-table-body] [data-email]').length >= n, Math.min(TOTAL, (pages + 1) * 25), T);
      pages++;
    }
  } else if (shape === 'virtual') {
    // The list recycles rows: step a screen at a time, waiting for the rows to change.
    const list = page.locator('[data-replica="users-list"] > div').first();
    for (;;) {
      await take();
      const before = (await emailsShown(page)).join();
      const atEnd = await list.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
      if (atEnd || seen.size >= TOTAL) break;
      await list.evaluate((el) => { el.scrollTop += el.clientHeight; });
      await page.waitForFunction((b) => [...document.querySelectorAll('[data-evergreen-table-body] [data-email]')]
        .map((e) => e.getAttribute('data-email')).join() !== b, before, T);
      pages++;
    }
  } else {
    await take();
  }
  const wallMs = performance.now() - t0;
  await countText.first().waitFor(T).catch(() => {});
  return { rows: seen.size, pages, wallMs };
}

/** Page-clock times of the guard's first whole-table read (its census), seen on our host element. */
const CENSUS_CLOCK = () => {
  window.__benchCensus = {};
  new MutationObserver(() => {
    const state = document.getElementById('access-kit-host')?.getAttribute('data-guard');
    if (state && !(state in window.__benchCensus)) window.__benchCensus[state] = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-guard'] });
};

/**
 * The extension: the guard's census on a fresh page (a whole read, the first one: for "Load more"
 * and infinite scroll the only one that pages, since rows once appended stay), then "Read members"
 * in the Check page tab. Returns { rows, pages, complete, wallMs, censusMs }.
 */
async function extension(page) {
  await page.locator('#access-kit-host[data-guard="ready"]').waitFor({ state: 'attached', timeout: 600000 });
  const clock = await page.evaluate(() => window.__benchCensus);
  const censusMs = clock.ready - clock.reading;
  await page.getByRole('button', { name: 'Access Kit', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await panel.getByRole('tab', { name: 'Check page' }).click();
  const line = panel.locator('[data-people] [data-pager]');
  const t0 = performance.now();
  await panel.getByRole('button', { name: 'Read members' }).click();
  await line.waitFor({ timeout: 300000 });
  const wallMs = performance.now() - t0;
  return {
    rows: Number(await line.getAttribute('data-rows')),
    pages: Number(await line.getAttribute('data-pages')),
    complete: (await line.getAttribute('data-complete')) === 'true',
    wallMs,
    censusMs,
  };
}

/** Runs both per shape; `ext` is the built extension's folder. */
export async function benchRead({ ext, log, fail }) {
  const out = { page: READ_PAGE, total: TOTAL, shapes: {} };
  const plain = await launch();
  const withExt = await launch({ extensionDir: ext });
  try {
    for (const shape of SHAPES) {
      const r = { shape };
      try {
        const p = await openReplica(plain.context, { ...READ_PAGE, pager: shape });
        r.reference = await reference(p, shape);
        await p.close();
        const q = await withExt.context.newPage();
        await q.addInitScript(CENSUS_CLOCK);
        await gotoReplica(q, { ...READ_PAGE, pager: shape });
        r.extension = await extension(q);
        await q.close();
        r.ratio = r.extension.wallMs / r.reference.wallMs;
        r.censusRatio = r.extension.censusMs / r.reference.wallMs;
        if (r.extension.rows !== TOTAL || !r.extension.complete) {
          fail('read', `${shape}: the extension read ${r.extension.rows} of ${TOTAL} (complete: ${r.extension.complete})`);
        }
        if (r.reference.rows !== TOTAL) fail('read', `${shape}: the reference read ${r.reference.rows} of ${TOTAL}`);
        log(`read ${shape}: extension ${(r.extension.wallMs / 1000).toFixed(1)} s (census at load ${(r.extension.censusMs / 1000).toFixed(1)} s), reference ${(r.reference.wallMs / 1000).toFixed(1)} s`);
      } catch (e) {
        r.error = e.message;
        fail('read', `${shape}: ${e.message}`);
      }
      out.shapes[shape] = r;
    }
  } finally {
    await plain.close();
    await withExt.close();
  }
  return out;
}

/** The printed table. */
export function readReport(read) {
  const s = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const lines = [
    '',
    `Whole-table reads: ${read.total} people, ${read.page.latency} ms latency, server paging (target ≤ 1.2× the reference)`,
    '  "census": the guard\'s read on a fresh page; "read": "Read members" afterwards (appended rows stay loaded)',
    '  shape      rows  pages      census   read   reference   census/ref  read/ref',
  ];
  const x = (v) => (v ? `${v.toFixed(2)}×` : '-');
  for (const r of Object.values(read.shapes)) {
    const e = r.extension || {}, f = r.reference || {};
    lines.push(`  ${r.shape.padEnd(9)} ${String(e.rows ?? '-').padStart(5)} ${String(e.pages ?? '-').padStart(6)} `
      + `${s(e.censusMs).padStart(11)} ${s(e.wallMs).padStart(6)} ${s(f.wallMs).padStart(11)} ${x(r.censusRatio).padStart(12)} ${x(r.ratio).padStart(9)}`
      + (r.error ? `  (${r.error.split('\n')[0]})` : ''));
  }
  return lines.join('\n') + '\n';
}
