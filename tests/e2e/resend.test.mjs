// Re-sending pending invites, end to end: the built extension, unchanged, on the replica served
// at Segment's address. On the "Invites" tab, five picked invites with mixed roles and scopes
// (all sources, labelled, specific sources, unscoped roles, a Workspace Owner) are read from
// their editors ("Edit Invite" shows the invite's role editor), confirmed by typing their number,
// revoked and invited again. The replica's log must show each revoked once, then invited once
// with exactly the roles and scopes it had, and nobody else touched.
//
// One browser, cases pairing CSP with the label era (none + 2020, strict + 2019), as the
// other offboarding files do. A page whose invite panel shows only a summary
// (invitePanel=summary) re-sends the invites whose summary is exact and leaves the others. The second case's plan is one seat short (seatLimit), so the first
// role set's re-invite is refused after its revoke: those rows name the roles to invite by hand,
// and the downloaded results, pasted into bulk invite, preview them as ready with those roles
// (and the others as already invited) and invite them again exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXT, launch, openReplica, replicaState, openInvites, openBulk, waitForState, downloadResults, pasteAndPreview,
  inviteAccess as access, checkResent,
} from './harness.mjs';

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const scopes = (invites) => new Set(invites.flatMap((i) => (i.owner ? ['owner'] : i.roles.map((g) =>
  (g.scope.kind === 'all' ? (g.scope.labels.length ? 'labelled' : 'all') : g.scope.kind)))));

/**
 * The "Invites" tab, listed; picks `emails`, reads their roles, checks that exactly `ready` can be
 * re-sent, confirms and runs. Returns { tab, root }.
 */
async function resendPicked(page, emails, ready = emails) {
  const { tab, root } = await openInvites(page);
  for (const e of emails) await tab.getByRole('checkbox', { name: `Select ${e}` }).check();
  const logBefore = (await replicaState(page)).log.length;
  await tab.getByRole('button', { name: 'Re-send selected' }).click();
  const preview = tab.getByRole('table', { name: 'Invites to re-send' });
  await preview.waitFor({ timeout: 120000 });
  const readyRows = await preview.locator('tbody tr[data-resend="ready"] td:first-child').allInnerTexts();
  assert.deepEqual(readyRows.sort(), [...ready].sort(), await preview.innerText());
  for (const e of emails.filter((x) => !ready.includes(x))) {
    assert.match(await preview.locator('tbody tr', { hasText: e }).innerText(), /exact roles could not be read/);
  }
  // Reading opened and cancelled editors: nothing changed on the page.
  assert.equal((await replicaState(page)).log.length, logBefore, 'reading the roles changed nothing');
  const help = await tab.locator('#ak-invites-confirm-help').innerText();
  assert.match(help, new RegExp(`^Type ${ready.length} to confirm`));
  for (const e of ready) assert.ok(help.includes(e), `${e} is named`);
  const start = tab.getByRole('button', { name: 'Start', exact: true });
  assert.equal(await start.isDisabled(), true);
  await tab.getByRole('textbox', { name: 'Confirm removal' }).fill(String(ready.length));
  await start.click();
  await waitForState(root, ['done'], 240000);
  return { tab, root };
}

test('re-send 5 invites with mixed roles and scopes: each revoked once and invited again with exactly its roles (CSP none, 2020 labels)', { timeout: 300000 }, async () => {
  const page = await openReplica(browser.context, { csp: 'none', era: '2020', seed: 299, members: 4, owners: 1, pending: 10, latency: 40, me: 0 });
  const before = await replicaState(page);
  const picked = [0, 3, 5, 8, 9].map((i) => before.invites[i]);
  assert.deepEqual([...scopes(picked)].sort(), ['all', 'labelled', 'owner', 'specific', 'unscoped']);
  const emails = picked.map((i) => i.email);
  const { tab } = await resendPicked(page, emails);
  const state = await replicaState(page);
  checkResent(before, state, emails);
  const { rows } = await downloadResults(page, tab);
  assert.deepEqual(rows.map((r) => r.email).sort(), [...emails].sort(), 'one line per invite');
  assert.ok(rows.every((r) => r.outcome === 'invited again'), JSON.stringify(rows));
  await page.close();
});

test('a re-invite refused after the revoke names the roles, and the results paste back into bulk invite (CSP strict, 2019 labels)', { timeout: 300000 }, async () => {
  // 4 members + 10 invites on a plan of 13 seats: the first role set's re-invite is refused.
  const page = await openReplica(browser.context, { csp: 'strict', era: '2019', seed: 396, members: 4, owners: 1, pending: 10, latency: 40, me: 0, seatLimit: 13 });
  const before = await replicaState(page);
  const picked = [2, 3, 6, 8, 9].map((i) => before.invites[i]);
  assert.deepEqual([...scopes(picked)].sort(), ['all', 'labelled', 'owner', 'specific', 'unscoped']);
  const emails = picked.map((i) => i.email);
  const { tab } = await resendPicked(page, emails);
  const { rows, text } = await downloadResults(page, tab);
  const refused = rows.filter((r) => r.outcome === 'refused');
  const again = rows.filter((r) => r.outcome === 'invited again');
  assert.ok(refused.length >= 1 && again.length >= 1, JSON.stringify(rows));
  assert.equal(refused.length + again.length, 5);
  for (const r of refused) {
    assert.match(r.message, /Your plan allows 13 team members/);
    assert.match(r.message, /invite again by hand with Workspace (Owner|Member)/);
  }
  const state = await replicaState(page);
  checkResent(before, state, emails, { invited: again.map((r) => r.email) });

  // A seat frees up; the results file goes into bulk invite as it is.
  await page.evaluate((email) => window.__replica.elsewhere({ kind: 'remove', email }), before.members[3].email);
  const { panel, root } = await openBulk(page);
  const start = await pasteAndPreview(panel, root, text.replace(/^\uFEFF/, ''), { ready: refused.length, invited: again.length });
  await start.click();
  await waitForState(root, ['done'], 120000);
  const after = await replicaState(page);
  const old = new Map(before.invites.map((i) => [i.email, i]));
  for (const r of refused) {
    const invites = after.log.filter((x) => x.kind === 'invite' && x.emails.includes(r.email));
    assert.equal(invites.length, 1, `${r.email} invited from the pasted results`);
    assert.deepEqual(access(invites[0]), access(old.get(r.email)), `${r.email}: exactly its previous roles`);
  }
  await page.close();
});

test('an invite panel with only a summary: exact summaries are re-sent, counted ones left alone (CSP none, 2019 labels)', { timeout: 300000 }, async () => {
  const page = await openReplica(browser.context, { csp: 'none', era: '2019', seed: 299, members: 4, owners: 1, pending: 10, latency: 40, me: 0, invitePanel: 'summary' });
  const before = await replicaState(page);
  // 3: a Workspace Owner; 9: two unscoped roles — exact. 0: specific sources, 8: labelled — counts only.
  const [exact, counted] = [[3, 9], [0, 8]].map((ix) => ix.map((i) => before.invites[i].email));
  await resendPicked(page, [...counted, ...exact], exact);
  checkResent(before, await replicaState(page), exact);
  await page.close();
});
