// Plan and apply a desired roster, end to end: the built extension, unchanged, on the replica served
// at Segment's address. A workspace of 60 (50 members, 10 pending invites) is written as a desired
// roster in the bulk-invite format, then edited: 3 role changes (one a scope change: Source Admin
// over all sources → one specific source), 5 additions, 2 removals (with "Also remove people not in
// the list" ticked) and one pending invite's roles changed. "Plan" (which reads the page as the
// export does) must show exactly those 11 changes by name; "Apply" (after typing the number of
// changes that take something away) runs them with 20% injected failures (invites, removals,
// revocations and saves) and a reload mid-run; after "Resume", a fresh "Export roster" must equal
// the edited file row by row (apart from rows the results name as failed or refused), and the
// replica's log must show each change made once and nobody else touched.
//
// The desired file is built from `__replica.state()` here; its people are chosen (by seed) so that
// the bulk-invite format expresses every grant (one scope per row, labels on one role that takes
// them). Both files are read by the harness's interpreter of bulk invite's format. The strict case
// first cancels a plan's read half-way.
//
// One browser; the two cases pair CSP with the label era (strict + 2020, none + 2019).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXT, launch, openReplica, replicaState, openRoster, waitForState, waitForValue, downloadResults, activityLines,
  downloadFile, parseCsv,
} from './harness.mjs';
import { interpret } from './roster-model.mjs';

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const VARIANT = { members: 50, owners: 2, pending: 10, latency: 40, persist: 1, fail: 0.2, saveFail: 0.2, me: 0 };

const cell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One person as a row of the bulk-invite format (one scope per row). */
function row(p) {
  if (p.owner) return [p.email, 'owner', '', '', ''].map(cell).join(',');
  const scoped = p.roles.find((g) => g.scope.kind !== 'unscoped');
  const sources = scoped && scoped.scope.kind === 'specific' ? scoped.scope.resources.join(';') : '';
  const labels = scoped && scoped.scope.kind === 'all' ? scoped.scope.labels.join(';') : '';
  return [p.email, 'member', p.roles.map((g) => g.role).join(';'), sources, labels].map(cell).join(',');
}

/** Grants compared as sets, "no scope" as "all sources". */
function access(p) {
  if (p.owner) return 'owner';
  const scope = (s) => (s.kind === 'specific' ? `specific:${[...s.resources].sort()}`
    : s.kind === 'all' && s.labels.length ? `labels:${[...s.labels].sort()}` : 'all');
  return p.roles.map((g) => `${g.role}=${scope(g.scope)}`).sort().join('|');
}

for (const [csp, era, seed] of [['strict', '2020', 42], ['none', '2019', 71]]) {
test(`plan 11 changes of a 60-person roster and apply them with 20% failures and a reload: the workspace ends as the file, each change once (CSP ${csp}, ${era} labels)`, { timeout: 600000 }, async () => {
  const started = Date.now();
  const page = await openReplica(browser.context, { csp, era, seed, ...VARIANT });
  const before = await replicaState(page);
  const me = before.signedIn;
  const domain = me.split('@')[1];
  const plain = before.members.filter((m) => !m.owner && m.email !== me);
  const admins = plain.filter((m) => m.roles.length === 1 && m.roles[0].role === 'Source Admin'
    && m.roles[0].scope.kind === 'all' && !m.roles[0].scope.labels.length);
  assert.ok(admins.length >= 1, 'the seed has a Source Admin over all sources');
  const others = plain.filter((m) => !admins.includes(m));
  const desired = new Map([...before.members, ...before.invites].map((p) => [p.email, { ...p, roles: p.roles.map((g) => ({ ...g })) }]));

  // 3 role changes: a scope change, and two members given other roles.
  const changed = [admins[0], others[0], others[1]].map((m) => m.email);
  desired.get(changed[0]).roles = [{ role: 'Source Admin', scope: { kind: 'specific', resources: ['Prod Web'] } }];
  desired.get(changed[1]).roles = [{ role: 'Tracking Plan Admin', scope: { kind: 'unscoped' } }];
  desired.get(changed[2]).roles = [{ role: 'Warehouse Destination Read-only', scope: { kind: 'unscoped' } },
    { role: 'Function Admin', scope: { kind: 'unscoped' } }];
  for (const e of changed.slice(1)) {
    assert.notEqual(access(desired.get(e)), access(before.members.find((m) => m.email === e)), `${e} changes`);
  }
  // 2 removals.
  const removed = [others[2].email, others[3].email];
  for (const e of removed) desired.delete(e);
  // One pending invite's roles (a role it does not have).
  const invite = before.invites.find((i) => !i.owner);
  const newRole = invite.roles.some((g) => g.role === 'Function Admin') ? 'Tracking Plan Admin' : 'Function Admin';
  desired.get(invite.email).roles = [{ role: newRole, scope: { kind: 'unscoped' } }];
  // 5 additions, in two role sets.
  const added = [0, 1, 2, 3, 4].map((i) => `roster.new${i}@${domain}`);
  added.forEach((e, i) => desired.set(e, {
    email: e, owner: false,
    roles: i < 3 ? [{ role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } }]
      : [{ role: 'Source Admin', scope: { kind: 'specific', resources: ['Prod iOS'] } }],
  }));
  const file = ['email,role,roles,sources,labels', ...[...desired.values()].map(row)].join('\n');

  let { tab, root } = await openRoster(page);
  await tab.getByRole('textbox', { name: 'Desired roster' }).fill(file);
  await tab.getByRole('checkbox', { name: 'Also remove people not in the list' }).check();
  if (csp === 'strict') {
    // The plan reads as the export does, with progress and Cancel: cancelled, nothing is planned.
    await tab.getByRole('button', { name: 'Plan', exact: true }).click();
    await tab.getByText(/[1-9]\d* of \d+ through their editor/).waitFor({ timeout: 120000 });
    await tab.locator('#ak-roster-plan-cancel').click();
    await tab.getByText('Plan cancelled').waitFor({ timeout: 60000 });
    assert.equal(await root.getAttribute('data-run-state'), 'idle');
    assert.equal(await tab.getByRole('table', { name: 'Roster plan' }).count(), 0);
  }
  await tab.getByRole('button', { name: 'Plan', exact: true }).click();
  await waitForState(root, ['planned'], 240000);
  const planMs = Date.now() - started;

  // Exactly the 11 changes, by name.
  const plan = tab.getByRole('table', { name: 'Roster plan' });
  const kinds = await plan.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-email'), tr.getAttribute('data-kind'), tr.innerText]));
  const planned = kinds.filter(([, k]) => !['unchanged', 'kept'].includes(k));
  const byKind = (k) => planned.filter(([, kk]) => kk === k).map(([e]) => e).sort();
  assert.equal(planned.length, 11, JSON.stringify(planned));
  assert.deepEqual(byKind('change'), [...changed].sort());
  assert.deepEqual(byKind('invite'), [...added].sort());
  assert.deepEqual(byKind('remove'), [...removed].sort());
  assert.deepEqual(byKind('reinvite'), [invite.email]);
  assert.equal(kinds.length, 60 + 5);
  const scopeLine = planned.find(([e]) => e === changed[0])[2];
  assert.match(scopeLine, /Source Admin \(all\) → Source Admin \(specific: Prod Web\)/);

  // Apply, behind the typed number of changes that take something away.
  const help = await tab.locator('#ak-roster-confirm-help').innerText();
  const n = Number(/^(\d+) of these changes/.exec(help)[1]);
  assert.ok(n >= 2 + 1, `removals and the scope change are counted (${help})`);
  const apply = tab.getByRole('button', { name: 'Apply', exact: true });
  assert.equal(await apply.isDisabled(), true);
  await tab.getByRole('textbox', { name: 'Confirm changes' }).fill(String(n));
  await apply.click();
  await waitForState(root, ['running', 'done'], 20000);

  // Reload mid-run, then resume.
  await waitForValue(tab.getByRole('progressbar'), 4, 240000);
  await page.reload();
  await page.waitForSelector('[data-evergreen-table-body]');
  ({ tab, root } = await openRoster(page));
  await waitForState(root, ['paused'], 30000);
  await tab.getByRole('button', { name: 'Resume', exact: true }).click();
  await waitForState(root, ['done'], 400000);

  const { rows: results } = await downloadResults(page, tab);
  assert.equal(results.length, 11);
  // Anything else (failed, or skipped: a re-invite whose revoke failed keeps its old invite).
  const done = ['roles changed', 'invited', 're-invited', 'removed'];
  const failed = new Set(results.filter((r) => !done.includes(r.outcome)).map((r) => r.email));
  for (const r of results) {
    if (failed.has(r.email)) assert.match(r.message, /Something went wrong/, `${r.email}: ${r.outcome}`);
  }

  // A fresh export equals the edited file, row by row (apart from what the results name).
  const applyMs = Date.now() - started;
  await tab.getByRole('button', { name: 'Export roster' }).click();
  const exported = tab.locator('[data-roster-result] [data-people]');
  await exported.waitFor({ timeout: 240000 });
  assert.equal(await exported.getAttribute('data-complete'), 'true');
  const read = (text) => new Map(parseCsv(text).map((r) => [r.email.toLowerCase(), interpret(r)]));
  const want = read(file);
  const got = read((await downloadFile(page, tab, 'Download CSV')).text);
  const grantsOf = ({ owner, grants }) => ({ owner, grants });
  for (const [e, w] of want) {
    if (failed.has(e)) continue;
    assert.ok(got.has(e), `${e} is in the new export`);
    assert.deepEqual(grantsOf(got.get(e)), grantsOf(w), `${e}'s grants`);
  }
  for (const e of removed) if (!failed.has(e)) assert.ok(!got.has(e), `${e} removed`);
  for (const e of got.keys()) assert.ok(want.has(e) || failed.has(e), `${e} is not in the file`);
  const state = await replicaState(page);

  // Each change made once; nobody else touched.
  const mine = state.log.filter((e) => !e.by && !e.kind.endsWith('_failed') && e.kind !== 'invite_refused');
  const touched = (e) => mine.filter((x) => x.email === e || (x.emails || []).includes(e)).map((x) => x.kind);
  for (const e of changed) assert.deepEqual(touched(e), failed.has(e) ? [] : ['permissions'], e);
  for (const e of added) assert.deepEqual(touched(e), failed.has(e) ? [] : ['invite'], e);
  for (const e of removed) assert.deepEqual(touched(e), failed.has(e) ? [] : ['remove'], e);
  if (!failed.has(invite.email)) assert.deepEqual(touched(invite.email), ['revoke', 'invite']);
  const planned11 = new Set([...changed, ...added, ...removed, invite.email]);
  for (const x of mine) {
    for (const e of [x.email, ...(x.emails || [])].filter(Boolean)) assert.ok(planned11.has(e), `${e} was touched: ${x.kind}`);
  }
  const activity = (await activityLines(tab)).join('\n');
  assert.ok(/Something went wrong/.test(activity) || state.log.some((e) => e.kind.endsWith('_failed') || e.kind === 'invite_refused'),
    'the page refused some attempts (injected failures)');
  console.log(`roster apply (${csp}/${era}): plan read ${planMs} ms, apply done at ${applyMs} ms, whole case ${Date.now() - started} ms, ${failed.size} failed`);
});
}
