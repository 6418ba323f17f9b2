// Offboarding and the roster in Firefox ESR, end to end: the packaged Firefox build installed as a
// temporary add-on in headless firefox-esr (WebDriver BiDi), on the replica served at Segment's
// real address. One browser, one case per feature, small workspaces: the Chromium files run the
// large, faulty, reloaded variants; these prove the same flows work in Firefox at all (its input
// events, its downloads, its content-script world). What happened is read from the replica's
// state and log, and from the files Firefox saved, never from our own UI.
//
// Firefox runs the wasm build under either CSP, so the cases pair the label eras instead:
// Remove (strict, 2020 "Delete User"), Invites (none, 2019), Roster (strict, 2020).
//
//   ./build.sh build && node --test tests/e2e-firefox/offboard-roster.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchFirefox, openReplica, replicaState, byRole, click, typeInto, paste, until, firefoxPackage,
  kit, openTabPanel, waitForRunState, download, parseCsv, checkResent,
} from './harness.mjs';
import { HEADER, expected, interpret, writeCsv } from '../e2e/roster-model.mjs';

const EXT = process.env.AK_FIREFOX_EXTENSION || firefoxPackage();
const FAST = { latency: 40 };

let ff;
before(async () => { ff = await launchFirefox({ extension: EXT }); });
after(async () => { await ff?.close(); });

/** Each row of our table `name` in the panel, as its data-* attributes and text. */
const tableRows = async (page, name) => (await byRole(page, 'table', name, kit)).evaluate((t) =>
  [...t.querySelectorAll('tbody tr')].map((tr) => ({ ...tr.dataset, text: tr.innerText })));
const disabled = (el) => el.evaluate((e) => e.disabled);
const mine = (state) => state.log.filter((e) => !e.by && !e.kind.endsWith('_failed') && e.kind !== 'invite_refused');
const touched = (state, email) => mine(state).filter((x) => x.email === email || (x.emails || []).includes(email)).map((x) => x.kind);

test('Remove: members, a pending invite, you and one of two owners; typed confirmation; each removed or revoked once, refusals reported (CSP strict, 2020 labels)', { timeout: 180000 }, async () => {
  const page = await openReplica(ff, { csp: 'strict', era: '2020', seed: 31, members: 8, owners: 2, pending: 3, me: 0, ...FAST });
  const start = await replicaState(page);
  const me = start.signedIn;
  const otherOwner = start.members.find((m) => m.owner && m.email !== me).email;
  const members = [otherOwner, ...start.members.filter((m) => !m.owner).slice(0, 2).map((m) => m.email)];
  const invite = start.invites[0].email;
  const ghost = `ghost@${me.split('@')[1]}`;
  const listed = [...members, invite];
  const tab = await openTabPanel(page, 'Remove');
  await paste(await byRole(page, 'textbox', 'Emails to remove', kit), ['email', members[0], me, members[1], invite, ghost, members[2]].join('\n'));
  await click(page, await byRole(page, 'button', 'Preview', kit));
  await waitForRunState(page, ['previewed'], 60000, tab);
  const statuses = Object.fromEntries((await tableRows(page, 'Removal preview')).map((r) => [r.text.split('\t')[0].trim(), r.status]));
  assert.equal(Object.values(statuses).sort().join(), 'absent,remove,remove,remove,revoke,you', JSON.stringify(statuses));
  const help = await tab.evaluate((t) => t.querySelector('#ak-remove-confirm-help').innerText);
  assert.match(help, /^Type 4 to confirm/);
  for (const e of listed) assert.ok(help.includes(e), `${e} named in the confirmation`);

  const startButton = await byRole(page, 'button', 'Start', kit);
  const confirm = await byRole(page, 'textbox', 'Confirm removal', kit);
  await typeInto(page, confirm, '3');
  assert.equal(await disabled(startButton), true, 'a wrong number does not confirm');
  await typeInto(page, confirm, '4');
  await until(page, (_, b) => !b.disabled, null, { within: startButton, what: 'Start enabled by the typed number' });
  await click(page, startButton);
  await waitForRunState(page, ['done'], 120000, tab);

  const state = await replicaState(page);
  for (const e of members) assert.deepEqual(touched(state, e), ['remove'], `${e} removed once`);
  assert.deepEqual(touched(state, invite), ['revoke'], `${invite} revoked once`);
  for (const x of mine(state)) assert.ok(listed.includes(x.email), `${x.email} was not listed but was touched (${x.kind})`);
  assert.ok(state.members.some((m) => m.email === me && m.owner), 'the signed-in owner, now the last, stays');
  assert.equal(await page.evaluate(() => !!document.getElementById('access-kit-host').shadowRoot.querySelector('[role=alertdialog]')), false,
    'the guard never asked about the tool\'s own removals');

  const { rows, fileName } = await download(ff, page, await byRole(page, 'button', 'Download results', kit))
    .then(({ text, fileName: f }) => ({ rows: parseCsv(text), fileName: f }));
  assert.match(fileName, /\.csv$/);
  const result = (e) => rows.find((r) => r.email.toLowerCase() === e.toLowerCase());
  for (const e of members) assert.equal(result(e).outcome, 'removed', e);
  assert.equal(result(invite).outcome, 'revoked');
  assert.match(result(me).message, /is you, the signed-in person/);
  assert.match(result(ghost).message, /not in this workspace/);
  await page.close();
});

test('Invites: re-send 2 invites with different scoped roles; each revoked once and invited again with exactly its roles (CSP none, 2019 labels)', { timeout: 180000 }, async () => {
  const page = await openReplica(ff, { csp: 'none', era: '2019', seed: 299, members: 4, owners: 1, pending: 10, me: 0, ...FAST });
  const start = await replicaState(page);
  const scoped = (kind, labelled) => start.invites.find((i) => !i.owner && i.roles.some((g) => g.scope.kind === kind
    && (kind !== 'all' || (g.scope.labels.length > 0) === labelled)));
  const picked = [scoped('specific'), scoped('all', true)].map((i) => i.email);
  assert.equal(new Set(picked).size, 2, `two invites with different scopes: ${picked}`);

  const tab = await openTabPanel(page, 'Invites');
  await click(page, await byRole(page, 'button', 'Read pending invites', kit));
  await waitForRunState(page, ['listed'], 60000, tab);
  for (const e of picked) await click(page, await byRole(page, 'checkbox', `Select ${e}`, kit));
  await click(page, await byRole(page, 'button', 'Re-send selected', kit));
  await byRole(page, 'table', 'Invites to re-send', { ...kit, timeout: 120000 });
  const ready = (await tableRows(page, 'Invites to re-send')).filter((r) => r.resend === 'ready').map((r) => r.text.split('\t')[0].trim());
  assert.deepEqual(ready.sort(), [...picked].sort());
  assert.equal((await replicaState(page)).log.length, 0, 'reading the roles changed nothing');
  await typeInto(page, await byRole(page, 'textbox', 'Confirm removal', kit), '2');
  const startButton = await byRole(page, 'button', 'Start', kit);
  await until(page, (_, b) => !b.disabled, null, { within: startButton, what: 'Start enabled by the typed number' });
  await click(page, startButton);
  await waitForRunState(page, ['done'], 120000, tab);
  checkResent(start, await replicaState(page), picked);
  await page.close();
});

test('Roster: export 10 people (truncated summaries read through editors) equals the replica; plan and apply 1 role change, 1 addition, 1 removal (CSP strict, 2020 labels)', { timeout: 300000 }, async () => {
  const page = await openReplica(ff, { csp: 'strict', era: '2020', seed: 41, members: 8, owners: 1, pending: 2, sources: 6, summaryMax: 1, me: 0, ...FAST });
  const start = await replicaState(page);
  const want = expected(start);
  assert.equal(want.size, 10);
  const tab = await openTabPanel(page, 'Roster');

  // Export.
  await click(page, await byRole(page, 'button', 'Export roster', kit));
  const result = await until(page, (_, t) => {
    const r = t.querySelector('[data-roster-result] [data-people]');
    return r && { people: r.dataset.people, complete: r.dataset.complete, editorReads: Number(r.dataset.editorReads) };
  }, null, { timeout: 120000, within: tab, what: 'the export' });
  assert.equal(result.people, '10');
  assert.equal(result.complete, 'true');
  assert.ok(result.editorReads > 0 && result.editorReads < 10, `some people read through their editor (${result.editorReads})`);
  const csv = await download(ff, page, await byRole(page, 'button', 'Download CSV', kit));
  assert.match(csv.fileName, /^segment-roster-acme-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(csv.text.startsWith(`\uFEFF${HEADER}\r\n`), 'the header is the first line');
  const rows = parseCsv(csv.text);
  assert.deepEqual(rows.map((r) => r.email).sort(), [...want.keys()].sort());
  for (const r of rows) assert.deepEqual(interpret(r), want.get(r.email), r.email);
  assert.deepEqual((await replicaState(page)).log, [], 'the export changed nothing');

  // The exported file, edited: one member's roles changed, one person removed, one added.
  const plain = rows.filter((r) => r.status === 'member' && !/owner/i.test(r.role) && r.email !== start.signedIn);
  const changed = plain.find((r) => r.roles !== 'Tracking Plan Admin');
  const removed = plain.find((r) => r !== changed);
  const added = `roster.new@${start.signedIn.split('@')[1]}`;
  const desired = [
    ...rows.filter((r) => r !== removed).map((r) => (r === changed ? { ...r, roles: 'Tracking Plan Admin', sources: '', spaces: '', labels: '' } : r)),
    { email: added, role: 'member', roles: 'Source Admin (specific: Prod iOS)', name: '', status: '' },
  ];
  await paste(await byRole(page, 'textbox', 'Desired roster', kit), writeCsv(desired));
  await click(page, await byRole(page, 'checkbox', 'Also remove people not in the list', kit));
  await click(page, await byRole(page, 'button', 'Plan', kit));
  await waitForRunState(page, ['planned'], 120000, tab);
  const planned = (await tableRows(page, 'Roster plan')).filter((r) => !['unchanged', 'kept'].includes(r.kind));
  assert.deepEqual(planned.map((r) => [r.email, r.kind]).sort(),
    [[changed.email, 'change'], [added, 'invite'], [removed.email, 'remove']].sort(), JSON.stringify(planned));

  const help = await tab.evaluate((t) => t.querySelector('#ak-roster-confirm-help').innerText);
  const n = Number(/^(\d+) of these changes/.exec(help)?.[1]);
  assert.ok(n >= 1, `the removal is counted (${help})`);
  const apply = await byRole(page, 'button', 'Apply', kit);
  assert.equal(await disabled(apply), true);
  await typeInto(page, await byRole(page, 'textbox', 'Confirm changes', kit), String(n));
  await until(page, (_, b) => !b.disabled, null, { within: apply, what: 'Apply enabled by the typed number' });
  await click(page, apply);
  await waitForRunState(page, ['done'], 180000, tab);

  const state = await replicaState(page);
  const now = expected(state);
  for (const r of desired) {
    const got = now.get(r.email);
    assert.ok(got, `${r.email} is there`);
    const w = interpret({ ...r, name: '' });
    assert.deepEqual({ owner: got.owner, grants: got.grants }, { owner: w.owner, grants: w.grants }, `${r.email}'s access`);
  }
  assert.ok(!now.has(removed.email), `${removed.email} removed`);
  assert.equal(now.size, desired.length);
  assert.deepEqual(touched(state, changed.email), ['permissions']);
  assert.deepEqual(touched(state, added), ['invite']);
  assert.deepEqual(touched(state, removed.email), ['remove']);
  assert.equal(mine(state).length, 3, 'nobody else touched');
  await page.close();
});
