// Bulk invite, end to end: the built extension, unchanged, on the replica served at Segment's
// address. 200 pasted rows (180 good in 4 role sets, 20 bad of every kind) are previewed and
// sent through the page's own invite form; the replica's server log must show every good email
// invited exactly once with exactly its roles and sources, and nothing of a bad row. A second run
// injects 20% server failures and reloads the page mid-run; after "Resume" the same must hold,
// every failure must be reported, and the downloaded results CSV must match the replica.
//
// Set AK_EXTENSION_DIR to test another build than dist/extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXT, launch, openReplica, replicaState, screenshot, openBulk, waitForState, waitForValue, pasteAndPreview,
  downloadResults, activityLines, extensionWorker, storedItem, waitForStored, sentPastSafety,
} from './harness.mjs';

const DOMAIN = 'bulk-e2e.example.org';

// The four role sets, as CSV cells, as the replica logs them, and as the results CSV names them.
const SETS = [
  {
    csv: { role: 'member', roles: 'Source Admin', sources: 'Prod iOS;Prod Web', labels: '' },
    owner: false,
    grants: [{ role: 'Source Admin', scope: { kind: 'specific', resources: ['Prod iOS', 'Prod Web'] } }],
    display: 'Workspace Member; Source Admin (specific: Prod iOS, Prod Web)',
  },
  {
    csv: { role: 'Member', roles: 'Source Read-only', sources: '', labels: 'environment:prod' },
    owner: false,
    grants: [{ role: 'Source Read-only', scope: { kind: 'all', labels: ['environment:prod'] } }],
    display: 'Workspace Member; Source Read-only (all labelled environment:prod)',
  },
  {
    csv: { role: 'Owner', roles: '', sources: '', labels: '' },
    owner: true,
    grants: [],
    display: 'Workspace Owner',
  },
  {
    csv: { role: '', roles: 'Warehouse Destination Admin|Tracking Plan Read-only', sources: '', labels: '' },
    owner: false,
    grants: [
      { role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } },
      { role: 'Warehouse Destination Admin', scope: { kind: 'unscoped' } },
    ],
    display: 'Workspace Member; Tracking Plan Read-only; Warehouse Destination Admin',
  },
];

const DEFAULT_COUNTS = { ready: 180, 'invalid-email': 6, duplicate: 5, member: 3, invited: 3, 'unknown-role': 3 };

const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * 200 data rows: 180 good ones (role sets interleaved) and 20 bad ones spread among them.
 * `people` is the replica's state, for real members and pending invites.
 */
function buildInput(people) {
  const good = Array.from({ length: 180 }, (_, i) => ({
    email: `bulk.user${String(i + 1).padStart(3, '0')}@${DOMAIN}`,
    set: i % SETS.length,
  }));
  const members = people.members.filter((m) => m.email !== people.signedIn).slice(0, 3).map((m) => m.email);
  const pending = people.invites.slice(0, 3).map((i) => i.email);
  assert.equal(members.length, 3);
  assert.equal(pending.length, 3);
  const plain = (email, roles = 'Source Admin') => ({ email, cells: { role: 'member', roles, sources: '', labels: '' } });
  const bad = [
    ...['not-an-email', `bob@@${DOMAIN}`, 'alice@', `@${DOMAIN}`, `<img src=x onerror=alert(1)>@${DOMAIN}`, `eve@${DOMAIN}..`]
      .map((e) => ({ ...plain(e), kind: 'invalid' })),
    ...[0, 1, 2, 3, 4].map((i) => ({ ...plain(good[i * 7].email.toUpperCase()), kind: 'duplicate' })),
    { ...plain(members[0].toUpperCase()), kind: 'member' },
    ...members.slice(1).map((e) => ({ ...plain(e), kind: 'member' })),
    ...pending.map((e) => ({ ...plain(e), kind: 'pending' })),
    ...[1, 2, 3].map((i) => ({ ...plain(`galaxy${i}@${DOMAIN}`, 'Galaxy Admin'), kind: 'role' })),
  ];
  assert.equal(bad.length, 20);
  const rows = [];
  let b = 0;
  good.forEach((g, i) => {
    rows.push({ email: g.email, cells: SETS[g.set].csv, set: g.set });
    if (i % 9 === 8 && b < bad.length) rows.push(bad[b++]);
  });
  while (b < bad.length) rows.push(bad[b++]);
  const lines = ['email,role,roles,sources,labels'];
  for (const r of rows) lines.push([r.email, r.cells.role, r.cells.roles, r.cells.sources, r.cells.labels].map(field).join(','));
  return { csv: lines.join('\r\n') + '\r\n', good, bad, rows };
}

const sortGrants = (g) => [...g].sort((a, b) => a.role.localeCompare(b.role));

/** The bulk tests' preview: the default chunk size, the preview's counts, and CSV values shown as text. */
async function preview(panel, root, csv, expected = DEFAULT_COUNTS) {
  assert.equal(await panel.getByRole('spinbutton', { name: 'Emails per submission' }).inputValue(), '25');
  const start = await pasteAndPreview(panel, root, csv, expected);
  // CSV values are text, never markup.
  assert.equal(await panel.getByRole('table', { name: 'Preview of every row' }).locator('img').count(), 0);
  return start;
}

/** Checks the replica's log and state against the input, and the results CSV against both. */
function verify(state, initial, input, results) {
  const invites = state.log.filter((e) => e.kind === 'invite');
  const sent = new Map();
  for (const entry of invites) {
    for (const email of entry.emails) {
      assert.ok(!sent.has(email), `${email} invited twice`);
      sent.set(email, entry);
    }
  }
  for (const g of input.good) {
    const entry = sent.get(g.email);
    assert.ok(entry, `${g.email} was not invited`);
    const set = SETS[g.set];
    assert.equal(entry.owner, set.owner, `${g.email}: owner`);
    assert.deepEqual(sortGrants(entry.roles), sortGrants(set.grants), `${g.email}: roles`);
  }
  assert.equal(sent.size, input.good.length, 'only the good emails were invited');
  const touched = new Set(state.log.filter((e) => e.emails).flatMap((e) => e.emails.map((x) => x.toLowerCase())));
  for (const b of input.bad.filter((x) => x.kind !== 'duplicate')) {
    assert.ok(!touched.has(b.email.trim().toLowerCase()), `bad row ${b.email} (${b.kind}) reached the page`);
  }
  // The results CSV: one line per pasted row, matching the replica.
  assert.equal(results.length, input.rows.length);
  const created = new Set(state.invites.map((i) => i.email).filter((e) => !initial.has(e)));
  const invitedInCsv = new Set(results.filter((r) => r.outcome === 'invited').map((r) => r.email));
  assert.deepEqual([...invitedInCsv].sort(), [...created].sort(), 'results "invited" = invites the run created');
  for (const r of results) {
    const g = input.good.find((x) => x.email === r.email);
    if (g && r.outcome === 'invited') assert.equal(r.roles, SETS[g.set].display, `${r.email}: roles column`);
    if (r.outcome !== 'invited') assert.ok(r.message.length > 0, `${r.email} (${r.outcome}) has a message`);
  }
  const skipped = results.filter((r) => r.outcome === 'skipped');
  assert.equal(skipped.length, input.bad.length, 'every bad row is reported as skipped');
}

async function download(page, panel) {
  const { rows, fileName } = await downloadResults(page, panel);
  assert.match(fileName, /^access-kit-results-acme-\d{4}-\d\d-\d\d\.csv$/);
  return rows;
}

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const SMALL = { members: 5, owners: 2, pending: 3, latency: 40, persist: 1 };

for (const [csp, era, seed] of [['none', '2019', 11], ['strict', '2020', 12]]) {
  test(`200 rows, 4 role sets: every ready email invited once with its roles (CSP ${csp}, ${era} labels)`, { timeout: 180000 }, async () => {
    const page = await openReplica(browser.context, { csp, era, seed, ...SMALL });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const before = await replicaState(page);
    const initial = new Set(before.invites.map((i) => i.email));
    const input = buildInput(before);
    const { panel, root } = await openBulk(page);
    assert.equal(await root.getAttribute('data-run-state'), 'idle');
    const start = await preview(panel, root, input.csv);
    const html = panel.getByRole('table', { name: 'Preview of every row' }).locator('td.email', { hasText: '<img src=x onerror=alert(1)>@' });
    assert.equal(await html.count(), 1, 'the HTML-looking cell is shown as text');
    await screenshot(page, `bulk-preview-${csp}-${era}`);

    await start.click();
    const bar = panel.getByRole('progressbar');
    if (csp === 'strict') {
      // Pause acts between submissions; nothing is sent while paused; Resume goes on.
      await waitForValue(bar, 25, 60000);
      await panel.getByRole('button', { name: 'Pause', exact: true }).click();
      await waitForState(root, ['paused'], 30000);
      const sentAtPause = (await replicaState(page)).log.length;
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await replicaState(page)).log.length, sentAtPause, 'nothing is sent while paused');
      await panel.getByRole('button', { name: 'Resume', exact: true }).click();
    }
    await waitForState(root, ['done'], 150000);
    assert.equal(await bar.getAttribute('aria-valuemax'), '180');
    assert.equal(await bar.getAttribute('aria-valuenow'), '180');
    await screenshot(page, `bulk-done-${csp}-${era}`);

    const state = await replicaState(page);
    const results = await download(page, panel);
    verify(state, initial, input, results);
    // Grouping: 45 per role set, 25 per submission → 2 submissions per set.
    assert.equal(state.log.filter((e) => e.kind === 'invite').length, 8);
    assert.equal(state.log.filter((e) => e.kind === 'invite_refused').length, 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

for (const [csp, era, seed] of [['strict', '2020', 21], ['none', '2019', 22]]) {
test(`20% server failures and a reload mid-run: resume, nothing twice, nothing lost, every failure reported (CSP ${csp}, ${era} labels)`, { timeout: 240000 }, async () => {
  const page = await openReplica(browser.context, { csp, era, seed, fail: 0.2, ...SMALL });
  const before = await replicaState(page);
  const initial = new Set(before.invites.map((i) => i.email));
  const input = buildInput(before);
  let { panel, root } = await openBulk(page);
  const start = await preview(panel, root, input.csv);
  await start.click();
  await waitForState(root, ['running'], 5000);
  // Reload once a good part has gone out, without waiting for a quiet moment.
  await waitForValue(panel.getByRole('progressbar'), 60, 120000);
  await page.reload();
  await page.waitForSelector('[data-evergreen-table-body]');
  ({ panel, root } = await openBulk(page));
  await waitForState(root, ['paused'], 15000);
  assert.match(await panel.getByRole('status').first().innerText(), /did not finish/);
  const resume = panel.getByRole('button', { name: 'Resume', exact: true });
  assert.equal(await resume.isEnabled(), true);
  await resume.click();
  await waitForState(root, ['done'], 200000);
  await screenshot(page, `bulk-resumed-done-${csp}-${era}`);

  const state = await replicaState(page);
  const results = await download(page, panel);
  verify(state, initial, input, results);

  const refused = state.log.filter((e) => e.kind === 'invite_refused');
  assert.ok(refused.length > 0, 'the replica injected failures');
  assert.ok(refused.every((e) => e.error === 'Something went wrong. Please try again.'));
  const activity = await activityLines(panel);
  const reported = activity.filter((l) => l.includes('Something went wrong. Please try again.')).length;
  // A refusal that lands between the page answering and the tab dying is settled by re-reading
  // the users table after the reload instead; at most one submission can be in that window.
  assert.ok(reported <= refused.length && reported >= refused.length - 1,
    `failures reported in the activity: ${reported}, refusals in the replica log: ${refused.length}`);
  assert.ok(activity.some((l) => l.startsWith('Before resuming: checked the users table')), 'resume re-read the table');
  for (const r of results.filter((x) => x.outcome === 'failed')) {
    assert.match(r.message, /Something went wrong/);
  }
  await page.close();
});
}

test('the page\'s own refusals: a per-submission limit shrinks the chunks; an address invited meanwhile is isolated and reported (CSP none, 2019 labels)', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { csp: 'none', era: '2019', seed: 41, maxEmails: 10, ...SMALL });
  const emails = Array.from({ length: 30 }, (_, i) => `limit${i + 1}@${DOMAIN}`);
  const { panel, root } = await openBulk(page);
  await preview(panel, root, emails.join(', '), { ready: 30 });
  // Someone invites row 5 through the page itself after the preview (our panel closed meanwhile).
  await panel.getByRole('button', { name: 'Close Access Kit' }).click();
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(emails[4]);
  const logged = (await replicaState(page)).log.length;
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await sentPastSafety(page, logged);
  await page.waitForFunction((e) => window.__replica.state().invites.some((i) => i.email === e), emails[4]);
  await page.getByRole('textbox', { name: 'Email', exact: true }).waitFor({ state: 'detached' });
  await openBulk(page);
  assert.equal(await root.getAttribute('data-run-state'), 'previewed');

  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await waitForState(root, ['done'], 90000);
  const state = await replicaState(page);
  const invites = state.log.filter((e) => e.kind === 'invite');
  const refused = state.log.filter((e) => e.kind === 'invite_refused');
  assert.match(refused[0].error, /at most 10/);
  assert.ok(invites.every((e) => e.emails.length <= 10));
  const counts = new Map();
  for (const e of invites.flatMap((x) => x.emails)) counts.set(e, (counts.get(e) || 0) + 1);
  assert.ok([...counts.values()].every((n) => n === 1), 'nobody invited twice');
  assert.equal(counts.size, 30, 'all 30 on the page (29 by the run, 1 by hand)');
  const results = await download(page, panel);
  const row5 = results.find((r) => r.email === emails[4]);
  // The page's "already invited" is an outcome of its own, not a refusal of ours.
  assert.equal(row5.outcome, 'already invited — the page said so');
  assert.match(row5.message, /already been invited/);
  assert.equal(results.filter((r) => r.outcome === 'invited').length, 29);
  const activity = await activityLines(panel);
  assert.ok(activity.some((l) => l.includes('sending 10 per submission')), 'the shrink is reported');
  await page.close();
});

test('a file, a default template, and Cancel: stops after the current submission, the rest reported cancelled (CSP none, 2019 labels)', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { csp: 'none', era: '2019', seed: 31, ...SMALL });
  const before = await replicaState(page);
  const initial = new Set(before.invites.map((i) => i.email));
  const emails = Array.from({ length: 40 }, (_, i) => `cancel${i + 1}@${DOMAIN}`);
  const { panel, root } = await openBulk(page);
  // A bare list from a file; every row gets the default picked in the panel: the seeded
  // "Analyst" template (Source Read-only on environment:prod sources, Tracking Plan Read-only).
  await panel.getByLabel('Choose file').setInputFiles({ name: 'people.txt', mimeType: 'text/plain', buffer: Buffer.from(emails.join('\n')) });
  const box = panel.getByRole('textbox', { name: 'Emails or CSV' });
  for (let i = 0; (await box.inputValue()) !== emails.join('\n'); i++) {
    assert.ok(i < 100, 'the file did not load into the box');
    await new Promise((r) => setTimeout(r, 50));
  }
  await panel.getByRole('combobox', { name: 'Default template' }).selectOption({ label: 'Analyst' });
  await preview(panel, root, null, { ready: 40 });
  await panel.getByRole('spinbutton', { name: 'Emails per submission' }).fill('5');
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await waitForValue(panel.getByRole('progressbar'), 10, 60000);
  await panel.getByRole('button', { name: 'Cancel', exact: true }).click();
  await waitForState(root, ['cancelled'], 30000);
  const state = await replicaState(page);
  const results = await download(page, panel);
  const created = state.invites.map((i) => i.email).filter((e) => !initial.has(e));
  const invited = results.filter((r) => r.outcome === 'invited').map((r) => r.email);
  const cancelled = results.filter((r) => r.outcome === 'cancelled');
  assert.deepEqual(invited.sort(), created.sort());
  assert.ok(invited.length >= 10 && cancelled.length > 0, `${invited.length} invited, ${cancelled.length} cancelled`);
  assert.equal(invited.length + cancelled.length, 40);
  for (const e of state.log.filter((x) => x.kind === 'invite')) {
    assert.equal(e.owner, false);
    assert.deepEqual(sortGrants(e.roles), [
      { role: 'Source Read-only', scope: { kind: 'all', labels: ['environment:prod'] } },
      { role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } },
    ]);
  }
  await page.close();
});

test('a run stored by the first release (its journal as JSON text) is read, shown and resumed; saving rewrites it in the current form (CSP none, 2019 labels)', { timeout: 120000 }, async () => {
  const worker = await extensionWorker(browser.context);
  const workspace = 'v1shop';
  const [a, b, c] = ['a', 'b', 'c'].map((x) => `v1-${x}@${DOMAIN}`);
  const now = Date.now();
  const journal = {
    version: 1, created_ms: now - 60000, status: 'running', chunk_size: 25,
    retry: { max_retries: 3, base_delay_ms: 1000, max_delay_ms: 30000 },
    groups: [{ workspace: 'member', roles: [{ role: 'Source Admin', scope: { kind: 'all' } }] }],
    rows: [
      { line: 2, email: a, group: 0, state: { state: 'invited' }, attempts: 1 },
      { line: 3, email: b, group: 0, state: { state: 'in_flight', submission: 2, attempt: 0 }, attempts: 1 },
      { line: 4, email: c, group: 0, state: { state: 'queued' }, attempts: 0 },
    ],
    batches: [], in_flight: { id: 2, rows: [1], retries: 0, started_ms: now - 30000 },
    next_id: 3, timed_submissions: 1, total_submission_ms: 500,
  };
  const lines = ['Started: 3 rows to invite in 1 role sets, up to 25 emails per submission.', `#1 · 1 email → invited`];
  await worker.evaluate(([key, item]) => chrome.storage.local.set({ [key]: item }),
    [`bulk-run:${workspace}`, { journal: JSON.stringify(journal), activity: lines }]);

  const page = await openReplica(browser.context, { workspace, csp: 'none', era: '2019', seed: 61, ...SMALL });
  const { panel, root } = await openBulk(page);
  await waitForState(root, ['paused'], 15000);
  assert.match(await panel.getByRole('status').first().innerText(), /did not finish/);
  assert.deepEqual((await activityLines(panel)).slice(0, 2), lines, 'the stored lines show as they were written');
  await panel.getByRole('button', { name: 'Resume', exact: true }).click();
  await waitForState(root, ['done'], 60000);

  const state = await replicaState(page);
  // The submission in doubt was not on the page: sent again, once; the queued row once; the
  // row the journal had as invited is not sent again.
  assert.deepEqual(state.log.filter((e) => e.kind === 'invite').map((e) => e.emails), [[b], [c]]);
  const stored = await storedItem(worker, `bulk-run:${workspace}`);
  assert.equal(stored.version, 2);
  assert.equal(stored.kind, 'invite');
  assert.equal(typeof stored.journal, 'object', 'structured data, not JSON text');
  assert.equal(stored.journal.status, 'done');
  const { rows } = await downloadResults(page, panel);
  assert.deepEqual(rows.map((r) => [r.email, r.outcome]), [[a, 'invited'], [b, 'invited'], [c, 'invited']]);
  // Retention: a finished run's saved copy goes once its results are downloaded.
  await waitForStored(worker, `bulk-run:${workspace}`, (v) => v === undefined,
    'deleted once its results were downloaded', 15000);
  await page.close();
});

test('the box as the preview reads it: a change while the page is read stops the preview (CSP none, 2019 labels)', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { csp: 'none', era: '2019', seed: 41, ...SMALL });
  const { panel, root } = await openBulk(page);
  const box = panel.getByRole('textbox', { name: 'Emails or CSV' });
  const list = `first@${DOMAIN}\nsecond@${DOMAIN}`;
  await box.fill(list);
  // An edit once the preview has read the box (here: as it starts reading the page's table)
  // must be noticed by the preview's "did the text change" checks.
  const edited = box.evaluate((el) => new Promise((resolve) => {
    const shadow = el.getRootNode();
    const observer = new MutationObserver(() => {
      if (!shadow.textContent.includes('Reading the members and pending invites')) return;
      observer.disconnect();
      el.value += '\nthird@example.org';
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      resolve();
    });
    observer.observe(shadow, { subtree: true, childList: true, characterData: true });
  }));
  await panel.getByRole('button', { name: 'Preview', exact: true }).click();
  await edited;
  await panel.getByText('The list changed while the page was being read: press Preview again.').waitFor({ timeout: 60000 });
  assert.notEqual(await root.getAttribute('data-run-state'), 'previewed');
  assert.equal(await panel.getByRole('table', { name: 'Preview of every row' }).count(), 0);

  await page.close();
});
