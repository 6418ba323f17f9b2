// The roster export (issue 14, "Done when"): 200 people (194 members, 6 pending invites) whose
// table summaries are all truncated ("+ N more": summaryMax=0), so every person with a role is read
// through their editor, at 300 ms latency. The extension exports through its "Roster" tab. Prints
// wall time, time per person and per editor read; asserts nothing about time (it fails only when the
// export is not whole).
//
//   BENCH_PARTS=roster node tests/bench/run.mjs        (after ./build.sh build)
import { performance } from 'node:perf_hooks';
import { launch, openReplica } from '../e2e/harness.mjs';

export const ROSTER_PAGE = { members: 194, owners: 2, pending: 6, latency: 300, summaryMax: 0, seed: 1 };
const TOTAL = ROSTER_PAGE.members + ROSTER_PAGE.pending;

export async function benchRoster({ ext, log, fail }) {
  const browser = await launch({ extensionDir: ext });
  try {
    const page = await openReplica(browser.context, ROSTER_PAGE);
    // The guard's census first, so the export does not wait for it.
    await page.locator('#access-kit-host[data-guard="ready"]').waitFor({ state: 'attached', timeout: 600000 });
    await page.getByRole('button', { name: 'Access Kit', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Access Kit' });
    await panel.getByRole('tab', { name: 'Roster' }).click();
    const result = panel.locator('[data-roster-result] [data-people]');
    const t0 = performance.now();
    await panel.getByRole('button', { name: 'Export roster' }).click();
    await result.waitFor({ timeout: 1800000 });
    const wallMs = performance.now() - t0;
    const people = Number(await result.getAttribute('data-people'));
    const editorReads = Number(await result.getAttribute('data-editor-reads'));
    const complete = (await result.getAttribute('data-complete')) === 'true';
    if (people !== TOTAL || !complete) fail('roster', `the export holds ${people} of ${TOTAL} (complete: ${complete})`);
    const out = { page: ROSTER_PAGE, total: TOTAL, people, editorReads, complete, wallMs };
    log(`roster: ${people} people, ${editorReads} through their editor, ${(wallMs / 1000).toFixed(1)} s`);
    return out;
  } catch (e) {
    fail('roster', e.message);
    return { error: e.message };
  } finally {
    await browser.close();
  }
}

/** The printed lines. */
export function rosterReport(r) {
  if (r.error) return `\nRoster export: failed (${r.error.split('\n')[0]})\n`;
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  return [
    '',
    `Roster export: ${r.total} people, summaries truncated, ${r.page.latency} ms latency`,
    `  ${r.people} people (${r.editorReads} read through their editor) in ${s(r.wallMs)}: `
      + `${(r.wallMs / r.people / 1000).toFixed(2)} s per person, `
      + `${r.editorReads ? (r.wallMs / r.editorReads / 1000).toFixed(2) : '-'} s per editor read`,
  ].join('\n') + '\n';
}
