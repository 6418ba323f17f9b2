// Offboarding, end to end: the built extension, unchanged, on the replica served at Segment's
// address. 34 pasted rows — 20 members (one of the two Workspace Owners among them), 10 pending
// invites, the signed-in person, someone not in the workspace, a duplicate and an invalid cell —
// are previewed ("Remove" tab), confirmed by typing the number of people, and removed / revoked
// through the page's own editors with 20% injected server failures and a reload mid-run. After
// "Resume", the replica's log must show each listed member removed exactly once, each listed
// invite revoked exactly once, nobody else touched, the signed-in person and an owner still
// there, and the results must give every refusal its reason.
//
// The strict case reads the list from a picked file, the other from the paste box.
// One browser; the two cases pair CSP with the label era (strict + 2020, none + 2019): the
// CSP decides which build runs (wasm2js / wasm), the era decides every label the flows use
// ("Delete User"/"Delete" vs "Remove Team Member"/"Remove", "Workspace Owner" vs "Owner"), and
// the two do not interact, so each value of each is covered once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXT, launch, openReplica, replicaState, openPanel, waitForState, waitForValue, downloadResults,
  guardOverlay, openInvites,
} from './harness.mjs';

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const VARIANT = { members: 30, owners: 2, pending: 12, latency: 40, persist: 1, fail: 0.2, me: 0 };
const FAILED = 'Something went wrong. Please try again.';

/** The "Remove" tab's panel and its root (data-run-state). */
async function openRemove(page) {
  const panel = await openPanel(page);
  await panel.getByRole('tab', { name: 'Remove', exact: true }).click();
  const tab = panel.getByRole('tabpanel', { name: 'Remove' });
  const root = tab.locator('[data-run-state]').first();
  await root.waitFor();
  return { tab, root };
}

for (const [csp, era, seed] of [['strict', '2020', 31], ['none', '2019', 32]]) {
test(`remove 30 people with 20% failures and a reload mid-run: exactly once, nobody else, every refusal reported (CSP ${csp}, ${era} labels)`, { timeout: 300000 }, async () => {
  const page = await openReplica(browser.context, { csp, era, seed, ...VARIANT });
  const before = await replicaState(page);
  const me = before.signedIn;
  const owners = before.members.filter((m) => m.owner).map((m) => m.email);
  assert.equal(owners.length, 2);
  assert.ok(owners.includes(me));
  const otherOwner = owners.find((o) => o !== me);
  const members = before.members.map((m) => m.email).filter((e) => e !== me).slice(0, 20);
  assert.ok(members.includes(otherOwner), 'one of the two owners is listed');
  const invites = before.invites.map((i) => i.email).slice(0, 10);
  const ghost = `ghost@${me.split('@')[1]}`;
  const rows = [
    'email', ...members.slice(0, 10), me.toUpperCase(), ...invites.slice(0, 5), ghost, 'not an email',
    ...members.slice(10), members[3].toUpperCase(), ...invites.slice(5),
  ];
  const listed = new Set([...members, ...invites]);

  let { tab, root } = await openRemove(page);
  const box = tab.getByRole('textbox', { name: 'Emails to remove' });
  if (csp === 'strict') {
    // The same list as a file (the box shows what will be previewed).
    await tab.getByLabel('Or choose a file').setInputFiles({ name: 'leavers.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await assert.doesNotReject(() => tab.getByText('Loaded leavers.csv').waitFor());
    assert.equal(await box.inputValue(), rows.join('\n'));
  } else {
    await box.fill(rows.join('\n'));
  }
  const start = tab.getByRole('button', { name: 'Start', exact: true });
  await tab.getByRole('button', { name: 'Preview', exact: true }).click();
  await waitForState(root, ['previewed'], 60000);
  const preview = tab.getByRole('table', { name: 'Removal preview' });
  const statuses = await preview.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
  const counts = {};
  for (const s of statuses) counts[s] = (counts[s] || 0) + 1;
  assert.deepEqual(counts, { remove: 20, revoke: 10, you: 1, absent: 1, 'invalid-email': 1, duplicate: 1 });
  // The confirmation names exactly who loses access.
  const help = await tab.locator('#ak-remove-confirm-help').innerText();
  assert.match(help, /^Type 30 to confirm/);
  for (const e of listed) assert.ok(help.includes(e), `${e} named in the confirmation`);
  assert.ok(!help.includes(me), 'the signed-in person is not among them');

  // Start stays disabled until the person types the number; a value set by script does not count.
  const confirm = tab.getByRole('textbox', { name: 'Confirm removal' });
  assert.equal(await start.isDisabled(), true);
  await confirm.fill('29');
  assert.equal(await start.isDisabled(), true);
  await confirm.evaluate((el) => { el.value = '30'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  assert.equal(await start.isDisabled(), true, 'a scripted value does not confirm');
  await confirm.fill('30');
  assert.equal(await start.isEnabled(), true);
  await start.click();
  await waitForState(root, ['running'], 10000);

  // Reload once a part has gone, without waiting for a quiet moment.
  await waitForValue(tab.getByRole('progressbar'), 10, 200000);
  await page.reload();
  await page.waitForSelector('[data-evergreen-table-body]');
  ({ tab, root } = await openRemove(page));
  await waitForState(root, ['paused'], 20000);
  await tab.getByRole('button', { name: 'Resume', exact: true }).click();
  await waitForState(root, ['done'], 240000);
  assert.equal(await guardOverlay(page).count(), 0, 'the guard never asked about the tool\'s own removals');

  const state = await replicaState(page);
  const mine = state.log.filter((e) => !e.by);
  const removed = mine.filter((e) => e.kind === 'remove').map((e) => e.email);
  const revoked = mine.filter((e) => e.kind === 'revoke').map((e) => e.email);
  assert.deepEqual([...removed].sort(), [...new Set(removed)].sort(), 'nobody removed twice');
  assert.deepEqual([...revoked].sort(), [...new Set(revoked)].sort(), 'nobody revoked twice');
  assert.ok(removed.every((e) => members.includes(e)), 'only listed members removed');
  assert.ok(revoked.every((e) => invites.includes(e)), 'only listed invites revoked');
  const failures = mine.filter((e) => e.kind === 'remove_failed' || e.kind === 'revoke_failed');
  assert.ok(failures.length > 0, 'the replica injected failures');
  // Nobody unlisted touched; the signed-in person (an owner) still there.
  const after = new Set([...state.members, ...state.invites].map((p) => p.email));
  for (const p of [...before.members, ...before.invites]) {
    if (!listed.has(p.email)) assert.ok(after.has(p.email), `${p.email} untouched`);
  }
  assert.ok(state.members.some((m) => m.email === me && m.owner), 'the signed-in owner stays');

  const { rows: results } = await downloadResults(page, tab);
  assert.equal(results.length, rows.length - 1);
  const byEmail = (e) => results.filter((r) => r.email.toLowerCase() === e.toLowerCase());
  for (const e of members) {
    const r = byEmail(e)[0];
    if (r.outcome === 'removed') assert.ok(removed.includes(e), `${e} reported removed`);
    else {
      assert.equal(r.outcome, 'failed', `${e}: ${r.outcome} ${r.message}`);
      assert.ok(!removed.includes(e) && state.members.some((m) => m.email === e));
      assert.match(r.message, /Something went wrong/);
    }
  }
  for (const e of invites) {
    const r = byEmail(e)[0];
    if (r.outcome === 'revoked') assert.ok(revoked.includes(e), `${e} reported revoked`);
    else {
      assert.equal(r.outcome, 'failed', `${e}: ${r.outcome} ${r.message}`);
      assert.ok(state.invites.some((i) => i.email === e));
    }
  }
  assert.match(byEmail(me)[0].message, /is you, the signed-in person/);
  assert.match(byEmail(ghost)[0].message, /not in this workspace/);
  assert.match(results.find((r) => r.email === 'not an email').message, /not a valid email/);
  assert.match(byEmail(members[3])[1].message, /duplicate of row/);
  assert.ok(failures.every((f) => f.error === FAILED));
  await page.close();
});
}

test('an owner who became the last one after the preview is not removed: the run counts the owners again right before (CSP none, 2019 labels)', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { csp: 'none', era: '2019', seed: 33, members: 5, owners: 2, pending: 1, latency: 40, me: 0 });
  const before = await replicaState(page);
  const me = before.signedIn;
  const other = before.members.find((m) => m.owner && m.email !== me).email;
  const { tab, root } = await openRemove(page);
  await tab.getByRole('textbox', { name: 'Emails to remove' }).fill(other);
  await tab.getByRole('button', { name: 'Preview', exact: true }).click();
  await waitForState(root, ['previewed'], 60000);
  assert.equal(await tab.getByRole('table', { name: 'Removal preview' }).locator('tbody tr[data-status="remove"]').count(), 1);
  // Meanwhile, elsewhere, the signed-in person stops being an owner: `other` is now the last one.
  await page.evaluate((email) => window.__replica.elsewhere({ kind: 'demote', email }), me);
  await tab.getByRole('textbox', { name: 'Confirm removal' }).fill('1');
  await tab.getByRole('button', { name: 'Start', exact: true }).click();
  await waitForState(root, ['done'], 60000);
  const state = await replicaState(page);
  assert.equal(state.log.filter((e) => e.kind === 'remove').length, 0, 'nobody removed');
  assert.ok(state.members.some((m) => m.email === other && m.owner), 'the last owner stays');
  const { rows: results } = await downloadResults(page, tab);
  assert.equal(results[0].outcome, 'refused');
  assert.match(results[0].message, /no other owner would stay/);
  await page.close();
});

test('Invites tab: every pending invite listed with its roles; revoke the selected ones after typing their number; one accepted meanwhile is "already a member", not revoked (CSP strict, 2019 labels)', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { csp: 'strict', era: '2019', seed: 34, members: 4, owners: 1, pending: 6, latency: 40, me: 0 });
  const before = await replicaState(page);
  const { tab, root } = await openInvites(page);
  const list = tab.getByRole('table', { name: 'Pending invites' });
  const emails = await list.locator('tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual([...emails].sort(), before.invites.map((i) => i.email).sort());
  // "Select all" ticks every row and clears them again.
  await tab.getByRole('checkbox', { name: 'Select all' }).check();
  assert.equal(await list.getByRole('checkbox', { checked: true }).count(), 6);
  await tab.getByRole('checkbox', { name: 'Select all' }).uncheck();
  assert.equal(await list.getByRole('checkbox', { checked: true }).count(), 0);
  const picked = emails.slice(1, 4);
  for (const e of picked) await tab.getByRole('checkbox', { name: `Select ${e}` }).check();
  await tab.getByRole('button', { name: 'Revoke selected' }).click();
  const help = await tab.locator('#ak-invites-confirm-help').innerText();
  assert.match(help, /^Type 3 to confirm/);
  for (const e of picked) assert.ok(help.includes(e));
  const start = tab.getByRole('button', { name: 'Start', exact: true });
  assert.equal(await start.isDisabled(), true);
  await tab.getByRole('textbox', { name: 'Confirm removal' }).fill('3');
  // The second invitee accepts after the preview: a member now, not an invite to revoke.
  const accepted = picked[1];
  assert.equal(await page.evaluate((email) => window.__replica.elsewhere({ kind: 'accept', email }), accepted), true);
  await start.click();
  await waitForState(root, ['done'], 90000);
  const state = await replicaState(page);
  const revoked = state.log.filter((e) => e.kind === 'revoke').map((e) => e.email);
  const toRevoke = picked.filter((e) => e !== accepted);
  assert.deepEqual([...revoked].sort(), [...toRevoke].sort(), 'exactly the selected invites still pending, once each');
  assert.equal(state.log.filter((e) => e.kind === 'remove').length, 0);
  assert.deepEqual(state.invites.map((i) => i.email).sort(), emails.filter((e) => !picked.includes(e)).sort());
  assert.ok(state.members.some((m) => m.email === accepted), 'the invitee who accepted stays a member');
  const { rows: results } = await downloadResults(page, tab);
  const outcome = Object.fromEntries(results.map((r) => [r.email, r]));
  for (const e of toRevoke) assert.equal(outcome[e].outcome, 'revoked');
  assert.match(outcome[accepted].outcome, /^already a member/);
  assert.match(outcome[accepted].message, /accepted the invite meanwhile/);
  await page.close();
});
