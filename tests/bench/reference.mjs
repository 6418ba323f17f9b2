// The reference: a Playwright script written for the replica that makes the same submissions as
// fast as a program that knows the page can. It uses the replica's own data-* hooks and waits only
// on page state (element attached/detached, toasts, Playwright's actionability checks); no sleeps.
import { performance } from 'node:perf_hooks';
import { SET_BY_KEY } from './data.mjs';

const FORM = '[data-replica=invite-form]';
const PICKER = '[data-replica=select-sources]';
const TOASTS = '[data-evergreen-toaster-container] [role=alert]';

/**
 * Sends `chunks` ([{ set, emails }]) through the page's invite form, one submission each.
 * The page must show the Users table (era 2019 or 2020, form sheet or dialog).
 * Returns { wallMs, pageT0 (page clock at the first click), closedMs, perSubmission: [{ set, emails, fillMs, serverMs, closeMs }] }:
 * wallMs runs from the first click to the toast confirming the last submission.
 */
export async function runReference(page, chunks, { era = '2019', timeout = 15000 } = {}) {
  const submitLabel = era === '2020' ? 'Send Invite' : 'Invite';
  const openButton = page.getByRole('button', { name: 'Invite Team Member' });
  const form = page.locator(FORM);
  const email = form.getByPlaceholder('e.g. johnsmith@gmail.com');
  const submit = form.getByRole('button', { name: submitLabel, exact: true });
  const inlineError = form.locator('p[role=alert]');
  const dangerToast = page.locator(TOASTS).filter({ hasNotText: /^Invited \d+ team member/ });

  const per = [];
  let wallMs = 0;
  const pageT0 = await page.evaluate(() => performance.now());
  const t0 = performance.now();
  trace.start = t0;
  for (let i = 0; i < chunks.length; i++) {
    const { set: key, emails } = chunks[i];
    const set = SET_BY_KEY[key];
    const tOpen = performance.now();
    await openButton.click({ timeout });
    trace(`#${i + 1} ${key}: open form`);
    await email.fill(emails.join(', '), { timeout });
    trace('fill emails');
    await chooseRoles(page, form, set, timeout);
    const tSubmit = performance.now();
    await submit.click({ timeout });
    trace('click submit');
    const success = page.locator(TOASTS).filter({ hasText: emails[0] }).filter({ hasText: `Invited ${emails.length} team member` });
    await success.or(inlineError).or(dangerToast).first().waitFor({ timeout });
    if (!(await success.count())) {
      const msg = (await inlineError.count()) ? await inlineError.innerText() : await dangerToast.first().innerText();
      throw new Error(`submission ${i + 1} refused: ${msg.trim()}`);
    }
    const tOk = performance.now();
    trace('success toast');
    if (i === chunks.length - 1) wallMs = tOk - t0;
    // The toast (it lists every email, so it is tall) lies over the top of the next "Select Sources"
    // dialog for 5 s and takes real clicks meant for it: dismiss it, as a quick user would. This
    // overlaps with the form's closing animation.
    await success.getByRole('button').first().click({ timeout });
    trace('dismiss toast');
    // The next submission can only start once the form has finished closing (its state resets then).
    await form.waitFor({ state: 'detached', timeout });
    const tClosed = performance.now();
    trace('form closed');
    per.push({ set: key, emails: emails.length, fillMs: tSubmit - tOpen, serverMs: tOk - tSubmit, closeMs: tClosed - tOk });
  }
  return { wallMs, pageT0, closedMs: performance.now() - t0, perSubmission: per };
}

/** Sets owner/member and the role set on a freshly opened (reset) invite form. */
async function chooseRoles(page, form, set, timeout) {
  if (set.owner) {
    await form.locator('[data-radio-card="Workspace Owner"] label').first().click({ timeout });
    trace('Workspace Owner');
    return;
  }
  // Workspace Member is the default of a fresh form.
  for (const grant of set.grants) {
    await form.locator(`[data-role="${grant.role}"] label`).first().click({ timeout });
    trace(grant.role);
    if (grant.scope.kind === 'unscoped') continue;
    if (grant.scope.kind === 'all' && grant.scope.labels.length === 0) continue; // the default scope
    await form.locator(`[data-scope-box="${grant.role}"]`).getByText('Edit Sources', { exact: true }).click({ timeout });
    const picker = page.locator(PICKER);
    trace('Edit Sources');
    if (grant.scope.kind === 'all') {
      for (const label of grant.scope.labels) {
        await picker.getByRole('button', { name: 'Add label' }).click({ timeout });
        trace('Add label');
        await page.getByPlaceholder('Filter labels...').fill(label, { timeout });
        trace('filter labels');
        await page.locator('[data-isselectable=true]').filter({ hasText: new RegExp(`^${escapeRe(label)}$`) }).click({ timeout });
        await picker.locator(`[data-label-chip="${label}"]`).waitFor({ timeout });
        trace(`label ${label}`);
      }
    } else {
      await picker.locator('label').filter({ hasText: /^Specific Sources:$/ }).click({ timeout });
      trace('Specific Sources');
      for (const name of grant.scope.resources) {
        await picker.locator(`[data-source="${name}"] label`).click({ timeout });
        trace(`source ${name}`);
      }
    }
    await picker.getByRole('button', { name: 'Save', exact: true }).click({ timeout });
    trace('Save');
    await picker.waitFor({ state: 'detached', timeout });
    trace('picker closed');
  }
}

// BENCH_TRACE=1 prints how long each Playwright action of the reference takes (stderr).
const TRACE = process.env.BENCH_TRACE === '1';
function trace(what) {
  if (!TRACE) return;
  const now = performance.now();
  console.error(`      ${(now - trace.start).toFixed(0).padStart(6)} ms  +${(now - (trace.last ?? trace.start)).toFixed(0).padStart(4)}  ${what}`);
  trace.last = now;
}

const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
