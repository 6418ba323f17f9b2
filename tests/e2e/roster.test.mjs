// The roster export, end to end: the built extension, unchanged, on the replica served at
// Segment's address. 60 people (54 members, two of them owners, and 6 pending invites) with mixed
// roles and scopes — all sources, labelled, specific sources — and a table whose role summary
// shows one role then "+ N more" (summaryMax=1), so the export reads some people from the table's
// summary, and the rest (counted or truncated summaries, invites) through their editors.
//
// "Export roster" → the CSV and JSON downloaded → every person's email, name, status, permission
// and every role with its exact scope equal the replica's state. The CSV is read here by an
// interpreter of bulk invite's format written for the tests (roster-model.mjs, not the Rust
// code). Nothing on the page changes (the replica's log stays empty). The CSV pasted unchanged into
// bulk invite previews every row as "already a member" or "already invited", and planned as the
// desired roster (removals allowed) it leaves everyone unchanged: no role differs.
//
// One browser; the two cases pair CSP with the label era (strict + 2020, none + 2019) as the other
// flows do. The strict case first cancels an export half-way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXT, launch, openReplica, replicaState, openTab, openBulk, openRoster, waitForState, parseCsv, downloadFile,
} from './harness.mjs';
import { HEADER, grantKey, expected, interpret } from './roster-model.mjs';

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const VARIANT = { members: 54, owners: 2, pending: 6, sources: 12, latency: 40, me: 0, summaryMax: 1 };

for (const [csp, era, seed] of [['strict', '2020', 41], ['none', '2019', 42]]) {
test(`export 60 people with mixed roles and scopes: the files equal the replica's state, nothing changes, bulk invite reads the CSV back (CSP ${csp}, ${era} labels)`, { timeout: 600000 }, async () => {
  const page = await openReplica(browser.context, { csp, era, seed, ...VARIANT });
  const state = await replicaState(page);
  const want = expected(state);
  assert.equal(want.size, 60);
  const panel = await openTab(page, 'Roster');
  const tab = panel.getByRole('tabpanel', { name: 'Roster' });
  const status = tab.locator('[data-roster-status]');
  const result = tab.locator('[data-roster-result] [data-people]');

  if (csp === 'strict') {
    // Cancel half-way: nothing to download, no editor left open, nothing changed.
    await tab.getByRole('button', { name: 'Export roster' }).click();
    await status.filter({ hasText: /[1-9]\d* of \d+ through their editor/ }).waitFor({ timeout: 120000 });
    await tab.getByRole('button', { name: 'Cancel' }).click();
    await status.filter({ hasText: 'Export cancelled' }).waitFor({ timeout: 60000 });
    assert.equal(await tab.getByRole('button', { name: 'Download CSV' }).count(), 0);
    await page.locator('[data-email]').first().waitFor({ timeout: 15000 });
  }

  await tab.getByRole('button', { name: 'Export roster' }).click();
  await result.waitFor({ timeout: 480000 });
  assert.equal(await result.getAttribute('data-people'), '60');
  assert.equal(await result.getAttribute('data-complete'), 'true');
  const editorReads = Number(await result.getAttribute('data-editor-reads'));
  assert.ok(editorReads > 0 && editorReads < 60, `some people read through their editor (${editorReads})`);
  assert.match(await tab.innerText(), /Complete: every page of the users table was read/);

  const csv = await downloadFile(page, tab, 'Download CSV');
  assert.match(csv.fileName, /^segment-roster-acme-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(csv.text.startsWith(`\uFEFF${HEADER}\r\n`), 'the header is the first line: no comment or companion line');
  const rows = parseCsv(csv.text);
  assert.equal(rows.length, 60);
  const got = new Map(rows.map((r) => [r.email, interpret(r)]));
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
  for (const [email, w] of want) assert.deepEqual(got.get(email), w, email);

  const json = await downloadFile(page, tab, 'Download JSON');
  assert.match(json.fileName, /^segment-roster-acme-\d{4}-\d{2}-\d{2}\.json$/);
  const roster = JSON.parse(json.text);
  assert.equal(roster.workspace, 'acme');
  assert.equal(roster.completeness.kind, 'complete');
  assert.deepEqual(roster.people.map((p) => p.email), rows.map((r) => r.email));
  for (const p of roster.people) {
    const w = want.get(p.email);
    assert.equal(p.status, w.status, p.email);
    assert.deepEqual(p.access.roles.map((g) => grantKey(g.role, g.scope)).sort(), w.grants, p.email);
  }

  // Read-only: the page's log has nothing.
  assert.deepEqual((await replicaState(page)).log, []);

  // Pasted unchanged into bulk invite: everyone is already there.
  const { panel: bulk, root } = await openBulk(page);
  await bulk.getByRole('textbox', { name: 'Emails or CSV' }).fill(csv.text.replace(/^\uFEFF/, ''));
  await bulk.getByRole('button', { name: 'Preview', exact: true }).click();
  await waitForState(root, ['previewed'], 120000);
  const counts = Object.fromEntries(await bulk.locator('button[data-filter][data-count]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-filter'), Number(e.getAttribute('data-count'))])));
  assert.deepEqual(counts, { ready: 0, member: 54, invited: 6 });
  assert.match(await bulk.innerText(), /Ignored columns: name, status\./);

  if (csp === 'none') {
    // Planned as the desired roster, with removals allowed: nobody's roles differ, nothing to do.
    const { tab: roster, root: planRoot } = await openRoster(page);
    await roster.getByRole('textbox', { name: 'Desired roster' }).fill(csv.text.replace(/^\uFEFF/, ''));
    await roster.getByRole('checkbox', { name: 'Also remove people not in the list' }).check();
    await roster.getByRole('button', { name: 'Plan', exact: true }).click();
    await waitForState(planRoot, ['planned'], 240000);
    const kinds = await roster.getByRole('table', { name: 'Roster plan' }).locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
    assert.equal(kinds.length, 60);
    assert.deepEqual([...new Set(kinds)], ['unchanged']);
  }
  await page.close();
});
}

// A roster's JSON pasted as the desired roster is read person by person in the page (the browser's
// JSON.parse, then each person on its own): every person who cannot be read is named with the
// reason, the others are read (person 1 is not named), and a file that holds no list of people is
// refused as a whole. Nothing is read from the page before that.
test('a desired roster as JSON: each person who cannot be read is named, the rest are read', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { ...VARIANT, members: 4, owners: 1, pending: 0 });
  const { tab } = await openRoster(page);
  const scoped = (kind, extra = {}) => ({ workspace: 'member', roles: [{ role: 'Source Admin', scope: { kind, ...extra } }] });
  const people = [
    { email: 'one@example.com', status: 'member', access: scoped('specific', { resources: ['Prod Web'] }) },
    { email: 'two@example.com', access: scoped('all') },
    { email: 'three@example.com', status: 'member', access: scoped('everything') },
    { email: 'ONE@example.com', status: 'invited', access: scoped('all', { labels: [{ key: 'env', value: 'prod' }] }) },
  ];
  // Plans `text` and waits for the refusal that matches `words`; its whole text.
  const plan = async (text, words) => {
    await tab.getByRole('textbox', { name: 'Desired roster' }).fill(text);
    await tab.getByRole('button', { name: 'Plan', exact: true }).click();
    const alert = tab.getByRole('alert').filter({ hasText: words });
    await alert.waitFor({ timeout: 30000 });
    return alert.innerText();
  };
  const said = await plan(JSON.stringify({ workspace: 'acme', people }, null, 2), /Person 2: missing field `status`/);
  assert.match(said, /Nothing was planned/);
  assert.match(said, /Person 3: unknown variant `everything`, expected one of `unscoped`, `all`, `specific`/);
  assert.match(said, /Person 4: \S+ is a duplicate of person 1/i);
  assert.doesNotMatch(said, /Person 1\b/);
  await plan('{"people": 5}', /not a roster's JSON .*neither a list nor an object with a "people" list/);
  await plan('[{"email": ', /roster's JSON .*: Unexpected end of JSON input/);
  assert.deepEqual((await replicaState(page)).log, []);
  await page.close();
});
