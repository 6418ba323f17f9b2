// Lifecycles, end to end: everything of one Access Management page belongs to a mount that ends
// when the app leaves it (another workspace, another page, Back / Forward), with no reload.
// - A run in workspace A pauses, saved, before its next submission when the app switches to B;
//   B's panel is idle and usable and B's guard works; back in A, Resume finishes the run exactly
//   once (the replica's log: each email once, none lost). Once through the app's workspace
//   switcher (pushState), once through Back / Forward (popstate).
// - One operator drives the page at a time: with a run active, "Check this page" waits, then says
//   the run is using the page; the "Apply template" control in the form the run opens says so
//   and offers nothing. Paused, the page is free again. Leaving Access Management for another
//   page of the app removes the UI; coming back shows the paused run, which resumes once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchWithWorker, openReplica, replicaState, invitedEmails, openBulk, openTab, pasteAndPreview, waitForState, waitForValue,
  downloadResults, activityLines, switchWorkspace, closePanel, guardReady, guardOverlay, invitedOnce,
  SMALL_WORKSPACE, emailsFor, startRun, pausedRun, resumeAndFinish,
} from './harness.mjs';

const DOMAIN = 'lifecycle-e2e.example.org';

let browser;
let worker;
before(async () => { ({ browser, worker } = await launchWithWorker()); });
after(async () => { await browser?.close(); });

/** Starts a run of `emails`, one per submission, in the workspace shown; waits for `done` rows. */
async function startSlowRun(page, emails, done) {
  const { panel, root } = await startRun(page, emails);
  await waitForState(root, ['running'], 30000);
  await waitForValue(panel.getByRole('progressbar'), done, 90000);
  return { panel, root };
}

/** The page left for B: B's own panel is idle and usable, and B's guard stops removing its only owner. */
async function checkOtherWorkspace(page, workspace) {
  const { panel, root } = await openBulk(page);
  assert.equal(await root.getAttribute('data-run-state'), 'idle', `${workspace}'s panel is idle`);
  assert.equal(await panel.getByRole('progressbar').isVisible(), false, 'no run shows');
  const mine = emailsFor(`${workspace}-`, 2, DOMAIN);
  await pasteAndPreview(panel, root, mine.join('\n'), { ready: 2 });
  await closePanel(page);

  await guardReady(page);
  const state = await replicaState(page, workspace);
  assert.equal(state.members.filter((m) => m.owner).length, 1);
  await page.locator(`[data-evergreen-table-body] [data-email="${state.signedIn}"]`).click();
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  const overlay = guardOverlay(page);
  await overlay.waitFor({ timeout: 10000 });
  await overlay.getByRole('button', { name: 'Cancel' }).click();
  await overlay.waitFor({ state: 'detached' });
  await page.keyboard.press('Escape'); // close the member's side sheet
  const after = await replicaState(page, workspace);
  assert.deepEqual(after.log.filter((e) => e.kind === 'remove'), [], `nothing removed in ${workspace}`);
}

/** Back in A: the run is paused; Resume finishes it; each email invited once, none lost. */
async function finishInA(page, workspace, emails) {
  const { panel } = await resumeAndFinish(page, workspace, emails, /did not finish/);
  const { rows } = await downloadResults(page, panel);
  assert.deepEqual(rows.map((r) => r.outcome), emails.map(() => 'invited'));
  const activity = await activityLines(panel);
  assert.ok(activity.some((l) => l.startsWith('Paused: the app left this workspace')), 'the pause says why');
  assert.ok(activity.some((l) => l.startsWith('Before resuming: checked the users table')), 'resume re-read the table');
}

test('a run in A, an in-app switch to B mid-run: A pauses before its next submission, B is idle and guarded, back in A Resume finishes exactly once (CSP none)', { timeout: 300000 }, async () => {
  const page = await openReplica(browser.context, { workspace: 'acme', csp: 'none', seed: 51, ...SMALL_WORKSPACE });
  const emails = emailsFor('switch', 24, DOMAIN);
  await startSlowRun(page, emails, 2);

  // The run keeps the invite sheet open, which covers the switcher: the app moves as it does.
  await switchWorkspace(page, 'globex', { covered: true });
  const stored = await pausedRun(worker, 'acme');
  assert.equal(stored.activity.at(-1).event.paused.why, 'page_left');
  const sentInA = invitedEmails(await replicaState(page, 'acme'));
  assert.ok(sentInA.length >= 2 && sentInA.length < emails.length, `${sentInA.length} sent before the switch`);

  await checkOtherWorkspace(page, 'globex');
  assert.deepEqual(invitedEmails(await replicaState(page, 'acme')), sentInA, 'nothing more sent in A\'s name');

  await switchWorkspace(page, 'acme');
  await finishInA(page, 'acme', emails);
  await page.close();
});

test('the same with Back and Forward: a run in A, Back to B mid-run, Forward to A, Resume finishes exactly once (CSP strict)', { timeout: 300000 }, async () => {
  const page = await openReplica(browser.context, { workspace: 'globex', csp: 'strict', seed: 52, ...SMALL_WORKSPACE });
  await switchWorkspace(page, 'acme');
  const emails = emailsFor('back', 24, DOMAIN);
  await startSlowRun(page, emails, 2);

  await page.goBack();
  await page.waitForFunction(() => window.location.pathname.startsWith('/globex/'));
  await page.waitForSelector('[data-evergreen-table-body]');
  await pausedRun(worker, 'acme');
  const sentInA = invitedEmails(await replicaState(page, 'acme'));
  assert.ok(sentInA.length >= 2 && sentInA.length < emails.length, `${sentInA.length} sent before Back`);

  await checkOtherWorkspace(page, 'globex');
  assert.deepEqual(invitedEmails(await replicaState(page, 'acme')), sentInA, 'nothing more sent in A\'s name');

  await page.goForward();
  await page.waitForFunction(() => window.location.pathname.startsWith('/acme/'));
  await page.waitForSelector('[data-evergreen-table-body]');
  await finishInA(page, 'acme', emails);
  await page.close();
});

test('with a run active, "Check this page" waits then says the run is using the page, and "Apply template" offers nothing and says why; paused, the page is free (CSP none)', { timeout: 300000 }, async () => {
  const page = await openReplica(browser.context, { workspace: 'initech', csp: 'none', seed: 53, ...SMALL_WORKSPACE, latency: 400 });
  const emails = emailsFor('lease', 14, DOMAIN);
  await startSlowRun(page, emails, 1);

  // "Check this page" waits a moment for the run, then refuses and names it.
  let panel = await openTab(page, 'Check page');
  await panel.getByRole('button', { name: 'Check this page' }).click();
  await panel.getByText('Waiting for Bulk invite to finish with the page before Check this page starts…').waitFor();
  const refusal = panel.locator('[data-busy="Bulk invite"]');
  await refusal.waitFor({ timeout: 30000 });
  assert.match(await refusal.innerText(), /^Bulk invite is using the page, so Check this page did not start\./);
  assert.equal(await panel.locator('[data-problems]').count(), 0, 'the check did not run');

  // The run's own invite form: the template control says who is using the page, Apply is off.
  await page.getByRole('status', { name: 'Template result' })
    .getByText('Bulk invite is using the page, so Apply template did not start.').first().waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Apply', exact: true }).and(page.locator(':disabled')).first().waitFor({ state: 'attached' });

  // Paused, the page is free: the check runs.
  panel = await openTab(page, 'Bulk invite');
  const root = panel.locator('[data-run-state]').first();
  await panel.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForState(root, ['paused'], 60000);
  await panel.getByRole('tab', { name: 'Check page' }).click();
  await panel.getByRole('button', { name: 'Check this page' }).click();
  await panel.locator('[data-problems]').waitFor({ timeout: 90000 });

  // Leaving Access Management (another page of the app) ends the mount: its UI goes. Coming
  // back makes a new one, which shows the paused run.
  await closePanel(page);
  await page.getByRole('link', { name: 'Home' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.locator('#access-kit-host').waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Access Management' }).click();
  await page.waitForSelector('[data-evergreen-table-body]');
  const back = await openBulk(page);
  await waitForState(back.root, ['paused'], 30000);
  await back.panel.getByRole('button', { name: 'Resume', exact: true }).click();
  await waitForState(back.root, ['done'], 180000);
  const state = await replicaState(page, 'initech');
  assert.deepEqual([...invitedOnce(state)].sort(), [...emails].sort(), 'each email invited once, none lost');
  await page.close();
});
