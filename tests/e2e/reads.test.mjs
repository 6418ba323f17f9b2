// Whole-roster reads that prove themselves (issue 10), end to end with the built extension on the
// replica: every pager shape in both CSP variants (none → wasm, strict → wasm2js), 80 members and
// 6 pending invites, the second owner only on the last page. The preview marks the alphabetically
// last member and the last pending invite, the run sends the 10 new emails in ONE submission, and
// the guard lets one of two owners go but stops the last one after the other is demoted. A pager
// the profile cannot follow gives an honest "partial" (and look-ups through the page's search).
// Also issue 17's defects: a display name that looks like an email, and an owner count that went
// stale in the unsafe direction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { acknowledgeSafety, extensionWorker, gotoReplica, launch, openReplica, openTab, replicaState, screenshot, ROOT } from './harness.mjs';

const EXT = process.env.AK_EXTENSION_DIR || path.join(ROOT, 'dist', 'extension');
const DOMAIN = 'reads-e2e.example.org';
// The replica's 80th member (index 79) is the second owner: on the last page of 25.
const BASE = { members: 80, pending: 6, ownersAt: '0,79', latency: 40, seed: 7 };

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const overlay = (page) => page.getByRole('alertdialog', { name: /last Workspace Owner/ });
const host = (page) => page.locator('#access-kit-host');

async function guardReady(page, owners) {
  await page.locator(`#access-kit-host[data-guard="ready"][data-guard-owners="${owners}"]`)
    .waitFor({ state: 'attached', timeout: 60000 });
}

async function waitFor(fn, what, timeout = 60000) {
  const until = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openBulk(page) {
  const launcher = page.getByRole('button', { name: 'Access Kit', exact: true });
  await launcher.waitFor({ timeout: 15000 });
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await panel.getByRole('tab', { name: 'Bulk invite' }).click();
  const root = panel.locator('[data-run-state]').first();
  await root.waitFor();
  return { panel, root };
}

async function closePanel(page) {
  await page.getByRole('dialog', { name: 'Access Kit' }).getByRole('button', { name: 'Close Access Kit' }).click();
}

const runState = (root, wanted, timeout = 90000) =>
  waitFor(async () => wanted.includes(await root.getAttribute('data-run-state')), `run state ${wanted}`, timeout);

async function counts(panel) {
  return Object.fromEntries(await panel.locator('button[data-filter][data-count]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-filter'), Number(e.getAttribute('data-count'))]).filter(([, n]) => n > 0)));
}

async function preview(panel, root, text) {
  await panel.getByRole('textbox', { name: 'Emails or CSV' }).fill(text);
  await panel.getByRole('button', { name: 'Preview', exact: true }).click();
  await runState(root, ['previewed'], 90000);
  await acknowledgeSafety(panel);
}

/**
 * The pasted list: the alphabetically last member, the last pending invite and 10 new people.
 * `from`: only members from this index on (25: none on the first page).
 */
function pasted(state, tag, from = 0) {
  const members = state.members.slice(from).map((m) => m.email).filter((e) => e !== state.signedIn).sort();
  const last = members[members.length - 1];
  const invite = state.invites[state.invites.length - 1].email;
  const fresh = Array.from({ length: 10 }, (_, i) => `${tag}.${i + 1}@${DOMAIN}`);
  return { last, invite, fresh, text: [fresh[0], last, ...fresh.slice(1, 6), invite, ...fresh.slice(6)].join('\n') };
}

/** Types into the page's own search box (as a person finding someone) and opens their row. */
async function openPerson(page, email) {
  await page.getByPlaceholder('Search').fill(email);
  const row = page.locator(`[data-evergreen-table-body] [data-email="${email}"]`);
  await row.waitFor({ timeout: 15000 });
  await row.click();
}

async function clearSearch(page) {
  await page.getByPlaceholder('Search').fill('');
}

const VARIANTS = [
  { pager: 'numbered' },
  { pager: 'text', paging: 'server', search: 'server' },
  { pager: 'icons', pageSize: 25, paging: 'server' },
  { pager: 'loadmore', paging: 'server' },
  { pager: 'scroll', paging: 'server' },
  { pager: 'virtual' },
  { pager: 'none' },
];

for (const variant of VARIANTS) {
  for (const csp of ['none', 'strict']) {
    const name = Object.entries(variant).map(([k, v]) => `${k}=${v}`).join(' ');
    test(`${name}, CSP ${csp}: everyone read, nothing already there sent, one submission; the guard sees the owner on the last page`, { timeout: 240000 }, async () => {
      const page = await openReplica(browser.context, { ...BASE, ...variant, csp });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await guardReady(page, 2);
      const start = await replicaState(page);
      const me = start.signedIn;
      const second = start.members[79].email;
      assert.ok(start.members[79].owner && start.members[0].owner);
      const list = pasted(start, `${variant.pager}-${csp}`);

      // The person's view: a search (on the text pager) and page 2; both come back after the read.
      const status = page.locator('[data-replica="row-count"]');
      if (variant.search) await page.getByPlaceholder('Search').fill('a');
      const next = { numbered: 'Next page', text: 'Next ›', icons: 'Go to next page' }[variant.pager];
      if (next) {
        const first = await status.innerText();
        await page.getByRole('button', { name: next }).click();
        await waitFor(async () => (await status.innerText()) !== first, 'page 2');
      }
      const view = await status.innerText();

      const { panel, root } = await openBulk(page);
      await preview(panel, root, list.text);
      if (!['loadmore', 'scroll'].includes(variant.pager)) {
        // (Rows a list appended cannot be taken away again; its scroll position is put back.)
        await waitFor(async () => (await status.innerText()) === view, `the view put back (${view})`, 15000);
      }
      if (variant.search) assert.equal(await page.getByPlaceholder('Search').inputValue(), 'a');
      assert.deepEqual(await counts(panel), { ready: 10, member: 1, invited: 1 });
      const table = panel.getByRole('table', { name: 'Preview of every row' });
      assert.match(await table.locator('tr', { hasText: list.last }).innerText(), /Already a member/);
      assert.match(await table.locator('tr', { hasText: list.invite }).innerText(), /Already invited/);
      const notice = await panel.getByRole('status').first().innerText();
      assert.match(notice, /Read all 86 people/);
      assert.equal(await panel.locator('.notice.bad[role=alert]').isHidden(), true, 'no partial-read warning');
      if (variant.pageSize) {
        // The page size was widened for the read and put back afterwards.
        assert.equal(await page.getByLabel('Rows per page:').inputValue(), '25');
      }
      await panel.getByRole('button', { name: 'Start', exact: true }).click();
      await runState(root, ['done']);
      const sent = await replicaState(page);
      const invites = sent.log.filter((e) => e.kind === 'invite');
      assert.equal(invites.length, 1, 'one submission');
      assert.deepEqual([...invites[0].emails].sort(), [...list.fresh].sort());
      assert.equal(sent.log.filter((e) => e.kind === 'invite_refused').length, 0, 'nothing already there was sent');
      await closePanel(page);

      // The guard: demoting one of two owners goes through; then removing the last one is stopped.
      await openPerson(page, second);
      await page.getByText('Workspace Member', { exact: true }).first().click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await waitFor(async () => (await replicaState(page)).log.some((e) => e.kind === 'demote' && e.email === second), 'the demotion');
      assert.equal(await overlay(page).count(), 0);
      await clearSearch(page);
      await openPerson(page, me);
      await page.getByRole('button', { name: 'Remove Team Member' }).click();
      await overlay(page).waitFor({ timeout: 15000 });
      assert.match(await overlay(page).innerText(), /you are the last Workspace Owner/i);
      await page.keyboard.press('Escape');
      assert.equal((await replicaState(page)).log.filter((e) => e.kind === 'remove').length, 0);
      if (variant.pager === 'text' && csp === 'none') await screenshot(page, 'reads-guard-text');

      // A fresh page: removing one of two owners (the one on the last page) is not interrupted.
      await page.reload();
      await guardReady(page, 2);
      await openPerson(page, second);
      await page.getByRole('button', { name: 'Remove Team Member' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click();
      await waitFor(async () => (await replicaState(page)).log.some((e) => e.kind === 'remove' && e.email === second), 'the removal');
      assert.equal(await overlay(page).count(), 0);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}

for (const csp of ['none', 'strict']) {
  test(`a pager the profile cannot follow (CSP ${csp}): the preview says the read is partial, and the page's search confirms the rows`, { timeout: 180000 }, async () => {
    const page = await openReplica(browser.context, { ...BASE, pager: 'unnamed', search: 'server', latency: 120, csp });
    await page.locator('#access-kit-host[data-guard]').waitFor({ state: 'attached', timeout: 30000 });
    const start = await replicaState(page);
    const list = pasted(start, `unnamed-${csp}`, 25);
    const { panel, root } = await openBulk(page);
    await preview(panel, root, list.text);
    const alert = panel.locator('.notice.bad[role=alert]');
    assert.match(await alert.innerText(), /^Read 25 people; the page says there are 86\. People not read cannot be checked for 'already a member' — the page itself will refuse them, and they will be reported as already there\./);
    assert.doesNotMatch(await panel.getByRole('status').first().innerText(), /Read all/);
    // Not read, so not marked: only the page's search can tell.
    assert.deepEqual(await counts(panel), { ready: 12 });
    if (csp === 'none') await screenshot(page, 'reads-partial-preview');
    const lookup = panel.getByRole('button', { name: 'Look up 12 ready rows with the page\'s search' });
    await lookup.click();
    await waitFor(async () => /Looked up through the page's search/.test(await panel.getByRole('status').first().innerText()), 'the look-ups', 90000);
    assert.match(await panel.getByRole('status').first().innerText(), /2 people already on the page \(now marked, not sent\), 10 not there/);
    assert.deepEqual(await counts(panel), { ready: 10, member: 1, invited: 1 });
    // The person's search is put back (empty), the table shows everyone again.
    assert.equal(await page.getByPlaceholder('Search').inputValue(), '');
    await panel.getByRole('button', { name: 'Start', exact: true }).click();
    await runState(root, ['done']);
    const state = await replicaState(page);
    assert.equal(state.log.filter((e) => e.kind === 'invite').length, 1);
    assert.equal(state.log.filter((e) => e.kind === 'invite_refused').length, 0);
    await page.close();
  });
}

test('a pager the profile cannot follow: the run reports page refusals as "already a member — the page said so", nothing failed', {
  timeout: 180000,
}, async () => {
  const page = await openReplica(browser.context, { ...BASE, pager: 'unnamed', csp: 'none' });
  await page.locator('#access-kit-host[data-guard]').waitFor({ state: 'attached', timeout: 30000 });
  const start = await replicaState(page);
  const list = pasted(start, 'refusals', 25);
  const { panel, root } = await openBulk(page);
  await preview(panel, root, list.text);
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await runState(root, ['done'], 150000);
  const results = panel.getByRole('table', { name: /Results/ });
  assert.match(await results.locator('tr', { hasText: list.last }).innerText(), /already a member — the page said so/);
  assert.match(await results.locator('tr', { hasText: list.invite }).innerText(), /already invited — the page said so/);
  assert.match(await panel.getByText(/0 failed/).first().innerText(), /0 failed/);
  const [dl] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download results' }).click()]);
  const csv = (await import('node:fs')).readFileSync(await dl.path(), 'utf8');
  assert.match(csv, new RegExp(`${list.last.replace(/[.+]/g, '\\$&')}[^\\n]*already a member — the page said so`));
  assert.doesNotMatch(csv, /,failed,/);
  await page.close();
});

test('Check this page reports the pager, through which control, pages, rows and whether the stated total agrees', { timeout: 180000 }, async () => {
  const page = await openReplica(browser.context, { ...BASE, pager: 'text', csp: 'none' });
  await guardReady(page, 2);
  await page.getByRole('button', { name: 'Access Kit', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await panel.getByRole('tab', { name: 'Check page' }).click();
  await panel.getByRole('button', { name: 'Check this page' }).click();
  await panel.locator('[data-problems]').waitFor({ timeout: 120000 });
  const line = panel.locator('[data-check-report] [data-pager]');
  assert.equal(await line.getAttribute('data-pager'), 'text_buttons');
  assert.equal(await line.getAttribute('data-agrees'), 'yes');
  assert.equal(await line.getAttribute('data-pages'), '4');
  assert.equal(await line.getAttribute('data-rows'), '86');
  assert.match(await line.innerText(), /Previous \/ Next buttons with text, through pagination_next: button “Next ›”\. Read 86 people on 4 pages; the page states 86: they agree\./);
  const statuses = Object.fromEntries(await panel.locator('tr[data-control]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.control, tr.dataset.status])));
  assert.equal(statuses.pagination_next, 'found');
  assert.equal(statuses.pagination_prev, 'found');
  assert.equal(statuses.load_more, 'skipped');
  // An unfollowable pager: the read is partial, and the report says the totals disagree.
  await page.goto(page.url().replace('pager=text', 'pager=unnamed'));
  await page.getByRole('button', { name: 'Access Kit', exact: true }).click();
  await panel.getByRole('tab', { name: 'Check page' }).click();
  await panel.getByRole('button', { name: 'Read members' }).click();
  const people = panel.locator('[data-people] [data-pager]');
  await people.waitFor({ timeout: 60000 });
  assert.equal(await people.getAttribute('data-complete'), 'false');
  assert.equal(await people.getAttribute('data-agrees'), 'no');
  assert.match(await people.innerText(), /Read 25 people on 1 page; the page states 86: they do not agree \(no way to the next page was found\)/);
  await page.close();
});

test('issue 17: a display name that looks like an email is not read as the address', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { members: 8, pending: 1, emailName: 3, latency: 30, seed: 5 });
  await guardReady(page, 2);
  const state = await replicaState(page);
  const member = state.members[3];
  assert.match(member.name, /^newhire@/);
  const { panel, root } = await openBulk(page);
  await preview(panel, root, `${member.name}\n${member.email}`);
  assert.deepEqual(await counts(panel), { ready: 1, member: 1 });
  const table = panel.getByRole('table', { name: 'Preview of every row' });
  assert.match(await table.locator('tr', { hasText: member.email }).innerText(), /Already a member/);
  assert.match(await table.locator('tr', { hasText: member.name }).innerText(), /Ready/);
  await page.close();
});

test('issue 17: a promotion the page refused does not count as a second owner', { timeout: 120000 }, async () => {
  const page = await openReplica(browser.context, { members: 8, owners: 1, pending: 1, saveFail: 1, latency: 40, seed: 6 });
  await guardReady(page, 1);
  const state = await replicaState(page);
  const me = state.signedIn;
  const member = state.members.find((m) => !m.owner).email;
  await page.locator(`[data-evergreen-table-body] [data-email="${member}"]`).click();
  await page.getByText('Workspace Owner', { exact: true }).first().click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // The new-owner safety prompt (tests/e2e/safety.test.mjs) asks first.
  await page.getByRole('alertdialog', { name: /will become Workspace Owner/ }).getByRole('button', { name: 'Make Workspace Owner' }).click();
  await page.getByRole('alert').filter({ hasText: 'Something went wrong' }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Escape');
  await page.locator(`[data-evergreen-table-body] [data-email="${me}"]`).click();
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  await overlay(page).waitFor({ timeout: 15000 });
  assert.match(await overlay(page).innerText(), /you are the last Workspace Owner/i);
  await page.keyboard.press('Escape');
  assert.equal((await replicaState(page)).log.filter((e) => e.kind === 'remove').length, 0);
  await page.close();
});

test('issue 17: owners removed or demoted elsewhere are not counted; the table is read afresh before the last one goes', { timeout: 120000 }, async () => {
  // Three owners: me and B on page 1, C on page 2 (never on screen).
  const page = await openReplica(browser.context, { members: 30, pending: 0, ownersAt: '0,1,29', latency: 40, seed: 8 });
  await guardReady(page, 3);
  const state = await replicaState(page);
  const [me, b, c] = [state.members[0].email, state.members[1].email, state.members[29].email];
  // A colleague removes B (the page shows B gone) and demotes C (not on screen).
  await page.evaluate(([b1, c1]) => {
    window.__replica.elsewhere({ kind: 'remove', email: b1 });
    window.__replica.elsewhere({ kind: 'demote', email: c1 });
  }, [b, c]);
  await page.locator(`[data-evergreen-table-body] [data-email="${b}"]`).waitFor({ state: 'detached' });
  await host(page).and(page.locator('[data-guard-owners="2"]')).waitFor({ state: 'attached', timeout: 15000 });
  await page.locator(`[data-evergreen-table-body] [data-email="${me}"]`).click();
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  await overlay(page).waitFor({ timeout: 30000 });
  assert.match(await overlay(page).innerText(), /you are the last Workspace Owner/i);
  await page.keyboard.press('Escape');
  assert.equal((await replicaState(page)).log.filter((e) => e.kind === 'remove' && !e.by).length, 0);
  assert.equal(await host(page).getAttribute('data-guard-owners'), '1');
  await page.close();
});

// Issue 16: an appending read whose list the page replaces under it. During a "Load more" read
// (300 ms per load), right after the second load was read, someone else removes an early member:
// the page re-renders the list without them, so every later row moves up one place and the owner
// who was the 51st row (the first of the third load) becomes the 50th, among the rows already read.
// A read that skipped the rows it had read before without checking them would miss that owner and
// still count the removed person (and the totals would agree, 81 and 81). The read must notice the
// list changed and count the list as it is now: everyone still there once, the removed person not
// at all, both owners. Checked on that read's own result, not on a later one.
const REPLACED = { pager: 'loadmore', paging: 'server', latency: 300, members: 80, pending: 2, ownersAt: '0,50', seed: 11 };

/** In the page: the `at`-th click on "Load more" (the extension's own) first removes `email` elsewhere. */
function removeOnLoad([at, email]) {
  const arm = { at, email, clicks: 0, removed: false };
  window.__removeOnLoad = arm;
  document.addEventListener('click', (e) => {
    const b = e.target instanceof Element && e.target.closest('button');
    if (!b || !/Load more/.test(b.textContent) || arm.removed) return;
    arm.clicks += 1;
    if (arm.clicks === arm.at) arm.removed = window.__replica.elsewhere({ kind: 'remove', email: arm.email });
  }, true);
}

/** The replica's data for REPLACED: the owner who shifts, the member removed, everyone after. */
async function replacedCase() {
  const page = await openReplica(browser.context, { ...REPLACED, latency: 0 });
  const start = await replicaState(page);
  await page.close();
  assert.ok(start.members[0].owner && start.members[50].owner, 'owners are the 1st and 51st rows');
  const removed = start.members[5].email;
  assert.ok(!start.members[5].owner && removed !== start.signedIn);
  const after = [...start.members.map((m) => m.email), ...start.invites.map((i) => i.email)].filter((e) => e !== removed);
  return { removed, after, owner: start.members[50].email };
}

test('a "Load more" list re-rendered without an early member during the read ("Read members"): everyone still there counted once, the removed person not, both owners', { timeout: 120000 }, async () => {
  const { removed, after, owner } = await replacedCase();
  // The guard's census would read the list first (and leave it loaded): guard and prompts off.
  const worker = await extensionWorker(browser.context);
  const off = Object.fromEntries(['settings:guard-enabled', 'settings:safety-typos', 'settings:safety-outside-domains',
    'settings:safety-new-owners', 'settings:safety-self-demotion'].map((k) => [k, false]));
  await worker.evaluate((items) => chrome.storage.local.set(items), off);
  try {
    const page = await openReplica(browser.context, REPLACED);
    await page.getByRole('button', { name: 'Access Kit', exact: true }).waitFor({ timeout: 30000 });
    assert.equal(await page.locator('[data-evergreen-table-body] [data-email]').count(), 25);
    await page.evaluate(removeOnLoad, [2, removed]);
    const panel = await openTab(page, 'Check page');
    await panel.getByRole('button', { name: 'Read members' }).click();
    const line = panel.locator('[data-people] [data-pager]');
    await line.waitFor({ timeout: 60000 });
    assert.equal(await page.evaluate(() => window.__removeOnLoad.removed), true, 'removed at the second "Load more"');
    const read = await panel.locator('[data-people] tr[data-email]').evaluateAll((trs) => trs.map((tr) => tr.dataset.email));
    assert.equal(read.includes(removed), false, 'the removed person is not counted');
    assert.ok(read.includes(owner), 'the owner who moved into the rows already read is counted');
    assert.deepEqual([...read].sort(), [...after].sort(), 'everyone still there, once');
    const people = panel.locator('[data-people] [data-members]');
    assert.equal(await people.getAttribute('data-owners'), '2');
    assert.equal(await people.getAttribute('data-members'), '79');
    assert.equal(await line.getAttribute('data-pager'), 'load_more');
    assert.equal(await line.getAttribute('data-complete'), 'true');
    assert.equal(await line.getAttribute('data-rows'), '81');
    await page.close();
  } finally {
    await worker.evaluate((keys) => chrome.storage.local.remove(keys), Object.keys(off));
  }
});

test('the guard\'s first census over a "Load more" list re-rendered without an early member: complete, both owners', { timeout: 120000 }, async () => {
  const { removed } = await replacedCase();
  const page = await browser.context.newPage();
  // Armed before the extension starts: its census is the first read, and presses "Load more" itself.
  await page.addInitScript(removeOnLoad, [2, removed]);
  // Every state the guard publishes, in order (the first after "reading" is the census's own).
  await page.addInitScript(() => {
    window.__guardStates = [];
    new MutationObserver(() => {
      const host = document.getElementById('access-kit-host');
      const now = host && `${host.getAttribute('data-guard')}:${host.getAttribute('data-guard-owners') ?? ''}`;
      if (now && now !== window.__guardStates.at(-1)) window.__guardStates.push(now);
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-guard', 'data-guard-owners'] });
  });
  await gotoReplica(page, REPLACED);
  await page.locator('#access-kit-host[data-guard]:not([data-guard="reading"])').waitFor({ state: 'attached', timeout: 60000 });
  assert.equal(await page.evaluate(() => window.__removeOnLoad.removed), true, 'removed at the second "Load more"');
  const states = await page.evaluate(() => window.__guardStates);
  assert.equal(states.find((s) => !s.startsWith('reading')), 'ready:2', `the census's verdict (states: ${states.join(', ')})`);
  await page.close();
});
