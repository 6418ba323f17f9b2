// Drives the extension's "Bulk invite" panel by its contract (inside the extension's open shadow
// root; Playwright's role and CSS locators pierce it):
//   launcher button "Access Kit" → dialog "Access Kit" → tab "Bulk invite" → textbox "Emails or CSV",
//   spinbutton "Emails per submission" (default 25), button "Preview", then button "Start",
//   progressbar (aria-valuenow / aria-valuemax), the bulk view's root [data-run-state=idle|previewed|
//   running|paused|done|cancelled], and a "Download results" button once done.
// Anything missing before "Start" means the panel is not available yet (reported, not failed);
// after "Start", a run that does not end in "done" is a failure.
import { performance } from 'node:perf_hooks';
import { acknowledgeSafety } from '../e2e/harness.mjs';

export class Unavailable extends Error {}

const short = { timeout: 5000 };

async function need(locator, what, timeout = 5000) {
  try {
    await locator.waitFor({ timeout });
  } catch {
    throw new Unavailable(what);
  }
  return locator;
}

/**
 * Pastes `csv` into the panel, previews, and runs with `perSubmission` emails per submission.
 * Returns { wallMs, pageT0 (page clock at Start), previewMs, defaultPerSubmission, progress: { now, max }, downloadButton, finalState }.
 * Throws Unavailable (contract not there yet) or Error (the run broke).
 */
export async function runExtension(page, csv, { perSubmission = 25, timeoutMs = 180000, onProgress = null, coreStats = null } = {}) {
  const launcher = await need(page.getByRole('button', { name: 'Access Kit', exact: true }),
    'launcher button "Access Kit" did not appear within 15 s', 15000);
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click(short);
  const panel = await need(page.getByRole('dialog', { name: 'Access Kit' }), 'launcher did not open the "Access Kit" dialog');

  const tab = panel.getByRole('tab', { name: 'Bulk invite' });
  if (!(await tab.waitFor({ timeout: 3000 }).then(() => true, () => false))) {
    const tabs = await panel.getByRole('tab').allInnerTexts().catch(() => []);
    throw new Unavailable(`panel has no "Bulk invite" tab yet (tabs: ${tabs.length ? tabs.map((t) => `"${t.trim()}"`).join(', ') : 'none'})`);
  }
  await tab.click(short);
  const text = await need(panel.getByRole('textbox', { name: 'Emails or CSV' }), 'no textbox "Emails or CSV" in the Bulk invite tab');
  const per = await need(panel.getByRole('spinbutton', { name: 'Emails per submission' }), 'no number input "Emails per submission"');
  const defaultPerSubmission = await per.inputValue();
  const root = panel.locator('[data-run-state]').first();
  await need(root, 'no element with data-run-state in the Bulk invite tab');

  await text.fill(csv);
  await per.fill(String(perSubmission));
  const preview = await need(panel.getByRole('button', { name: 'Preview', exact: true }), 'no "Preview" button');
  const tPreview = performance.now();
  await preview.click(short);
  // The preview reads every page of the users table first: wait for it to finish.
  await need(panel.locator('[data-run-state="previewed"]'),
    `the preview did not finish within 60 s (run state: ${await root.getAttribute('data-run-state')})`, 60000);
  const start = await need(panel.getByRole('button', { name: 'Start', exact: true }), 'no "Start" button after the preview');
  const previewMs = performance.now() - tPreview;
  // The rows give new owners and addresses outside the workspace's domains: tick the safety checks.
  await acknowledgeSafety(panel);
  const stateBefore = await root.getAttribute('data-run-state');
  if (!(await start.isEnabled())) throw new Unavailable(`"Start" is disabled after preview (run state: ${stateBefore})`);

  // ---- measured: from clicking Start to the run's end ----
  const ended = panel.locator('[data-run-state="done"], [data-run-state="cancelled"], [data-run-state="paused"]').first();
  const progress = panel.getByRole('progressbar').first();
  const statsBefore = coreStats ? await coreStats() : null;
  const pageT0 = await page.evaluate(() => performance.now());
  const t0 = performance.now();
  await start.click(short);
  let wallMs;
  for (;;) {
    const left = timeoutMs - (performance.now() - t0);
    if (left <= 0) {
      throw new Error(`run did not finish within ${Math.round(timeoutMs / 1000)} s (state ${await root.getAttribute('data-run-state')}, progress ${await readProgress(progress)})`);
    }
    try {
      await ended.waitFor({ timeout: Math.min(10000, left) });
      wallMs = performance.now() - t0;
      break;
    } catch {
      if (onProgress) onProgress(await readProgress(progress), performance.now() - t0);
    }
  }
  const statsAfter = coreStats ? await coreStats() : null;
  // The core's observer callbacks from Start to the end of the run, and the time spent in them.
  const observers = statsBefore && statsAfter
    ? { callbacks: statsAfter[0] - statsBefore[0], ms: statsAfter[1] - statsBefore[1] } : null;
  const finalState = await root.getAttribute('data-run-state');
  if (finalState !== 'done') throw new Error(`run ended in state "${finalState}" instead of "done"`);

  const [now, max] = [await progress.getAttribute('aria-valuenow').catch(() => null), await progress.getAttribute('aria-valuemax').catch(() => null)];
  const download = panel.getByRole('button', { name: 'Download results' });
  const downloadButton = await download.waitFor({ timeout: 5000 }).then(() => true, () => false);
  return { wallMs, pageT0, previewMs, observers, stateBefore, defaultPerSubmission, progress: { now: num(now), max: num(max) }, downloadButton, finalState };
}

async function readProgress(progress) {
  try {
    const [n, m] = await Promise.all([progress.getAttribute('aria-valuenow', { timeout: 1000 }), progress.getAttribute('aria-valuemax', { timeout: 1000 })]);
    return `${n}/${m}`;
  } catch {
    return '?';
  }
}

const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));
