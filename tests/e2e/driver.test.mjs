// The page driver on the replica, through the built extension: "Check this
// page" finds every control of the locator profile, and reading the users
// table returns everyone across all pages — both label eras, both CSP variants.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXT, launch, openReplica, replicaState, screenshot, openTab as openPanelTab, CHECK_NEEDS_A_SUBMISSION, CHECK_NOT_ON_THIS_PAGE } from './harness.mjs';

const NEEDS_A_SUBMISSION = CHECK_NEEDS_A_SUBMISSION;
const NOT_ON_THIS_PAGE = CHECK_NOT_ON_THIS_PAGE;

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const openTab = (page) => openPanelTab(page, 'Check page');

for (const [era, csp] of [['2019', 'none'], ['2019', 'strict'], ['2020', 'none'], ['2020', 'strict']]) {
  test(`era ${era}, CSP ${csp}: every control found; members read across pages`, async () => {
    // One page of people, pending invites included, for the check...
    const page = await openReplica(browser.context, { era, csp, members: 15, pending: 5, seed: 2, latency: 30 });
    let before = await replicaState(page);
    let panel = await openTab(page);

    await panel.getByRole('button', { name: 'Check this page' }).click();
    const summary = panel.locator('[data-problems]');
    await summary.waitFor({ timeout: 60000 });
    const lines = await panel.locator('tr[data-control]').evaluateAll((trs) =>
      trs.map((tr) => ({ control: tr.dataset.control, status: tr.dataset.status, detail: tr.lastChild.textContent })));
    assert.ok(lines.length >= 40, `report lists the profile's controls (${lines.length})`);
    const notFound = lines.filter((l) => l.status !== 'found' && !NEEDS_A_SUBMISSION.has(l.control) && !NOT_ON_THIS_PAGE.has(l.control));
    assert.deepEqual(notFound, [], 'every control of the profile is found');
    for (const l of lines.filter((x) => NOT_ON_THIS_PAGE.has(x.control))) {
      assert.equal(l.status, 'skipped', `${l.control} is skipped with a reason on a numbered page`);
      assert.ok(l.detail.length > 0, `${l.control} says why it was skipped`);
    }
    const pager = panel.locator('[data-check-report] [data-pager]');
    assert.equal(await pager.getAttribute('data-pager'), 'numbered');
    assert.equal(await pager.getAttribute('data-agrees'), 'yes');
    await screenshot(page, `check-page-${era}-${csp}`);
    // The check changes nothing.
    const after = await replicaState(page);
    assert.deepEqual(after.members, before.members);
    assert.deepEqual(after.invites, before.invites);

    // ... and three pages for reading everyone.
    await page.goto(page.url().replace('members=15', 'members=60'));
    before = await replicaState(page);
    panel = await openTab(page);
    await panel.getByRole('button', { name: 'Read members' }).click();
    const people = panel.locator('[data-members]');
    await people.waitFor({ timeout: 60000 });
    const read = await panel.locator('tr[data-email]').evaluateAll((trs) =>
      trs.map((tr) => ({ email: tr.dataset.email, permission: tr.children[2].textContent })));
    const expected = [
      ...before.members.map((m) => ({ email: m.email, permission: m.owner ? 'Owner' : 'Member' })),
      ...before.invites.map((i) => ({ email: i.email, permission: 'Pending' })),
    ];
    const byEmail = (a, b) => a.email.localeCompare(b.email);
    assert.deepEqual(read.slice().sort(byEmail), expected.slice().sort(byEmail));
    assert.equal(await people.getAttribute('data-owners'), String(before.members.filter((m) => m.owner).length));
    assert.equal(await panel.locator('[data-people] [data-pager]').getAttribute('data-complete'), 'true');
    await page.close();
  });
}
