// The person's locator-profile override (settings:profile-override, saved by the options page),
// read by hand from JSON.parse's value (driver::override_tree) in the feature module: a valid
// override replaces a control's locators — a single string and an inline locator for lists, null
// for an absent value — and an invalid one leaves the built-in profile in force. The in-page core
// has no reader of its own: the feature module hands it the merged profile (ext::features
// `merged_profile`), so the guard's census counts with the override too, and with the built-in
// profile when the module cannot load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gotoReplica, interceptExtension, launchWithWorker, openReplica, openTab, replicaState } from './harness.mjs';

const KEY = 'settings:profile-override';
let browser;
let worker;
before(async () => { ({ browser, worker } = await launchWithWorker()); });
after(async () => { await browser?.close(); });

/** The Check page report's status of `control`, with `override` stored (null: none). */
async function statusWith(override, control) {
  await worker.evaluate(([k, v]) => (v === null ? chrome.storage.local.remove(k) : chrome.storage.local.set({ [k]: v })), [KEY, override]);
  const page = await openReplica(browser.context, { members: 6, pending: 1, csp: 'none' });
  const panel = await openTab(page, 'Check page');
  await panel.getByRole('button', { name: 'Check this page' }).click();
  await panel.locator('[data-problems]').waitFor({ timeout: 60000 });
  const status = await panel.locator(`tr[data-control="${control}"]`).getAttribute('data-status');
  await page.close();
  return status;
}

// A control's locator that names no element on the page: found only if the override was ignored.
const nowhere = (extra = {}) => JSON.stringify({
  version: 1,
  words: { you: null },
  controls: { invite_button: { description: null, any: [{ role: 'button', name: 'No Such Button', near: { text: 'Users' }, ...extra }] } },
});

test('a valid override replaces the control; an invalid one (unknown field, variant or type) is not used', { timeout: 240000 }, async () => {
  assert.equal(await statusWith(null, 'invite_button'), 'found');
  assert.notEqual(await statusWith(nowhere(), 'invite_button'), 'found');
  for (const bad of [nowhere({ colour: 'red' }), nowhere({ role: 'buton' }), nowhere({ include_hidden: 'yes' })]) {
    assert.equal(await statusWith(bad, 'invite_button'), 'found', bad);
  }
  await worker.evaluate((k) => chrome.storage.local.remove(k), KEY);
});

/** The in-page core's own census: the owners the guard counts, with `override` stored; with
 *  `blockModule` the feature module's files fail to load. Also the replica's accepted members. */
async function guardOwnersWith(override, { blockModule = false } = {}) {
  await worker.evaluate(([k, v]) => (v === null ? chrome.storage.local.remove(k) : chrome.storage.local.set({ [k]: v })), [KEY, override]);
  const page = await browser.context.newPage();
  const blocked = blockModule ? await interceptExtension(page, 'core/tabs-*', 'fail') : null;
  await gotoReplica(page, { members: 6, owners: 2, pending: 1, csp: 'none' });
  const host = page.locator('#access-kit-host[data-guard="ready"]');
  await host.waitFor({ state: 'attached', timeout: 60000 });
  const owners = Number(await host.getAttribute('data-guard-owners'));
  const members = (await replicaState(page)).members.length;
  await blocked?.detach();
  await page.close();
  return { owners, members };
}

test('the guard counts with the override the feature module read, and with the built-in profile when it cannot load', { timeout: 240000 }, async () => {
  // Permission words that make every member an owner: only a census read with the override counts so.
  const everyone = JSON.stringify({ words: { owner: ['Owner', 'Member', 'Workspace Owner', 'Workspace Member'] } });
  assert.equal((await guardOwnersWith(null)).owners, 2);
  const all = await guardOwnersWith(everyone);
  assert.ok(all.members > 2);
  assert.equal(all.owners, all.members);
  // Invalid (an unknown field): the built-in profile.
  const bad = JSON.stringify({ words: { owner: ['Owner', 'Member'], colour: 'red' } });
  assert.equal((await guardOwnersWith(bad)).owners, 2);
  // The module that reads it did not load: the built-in profile, and the guard still works.
  assert.equal((await guardOwnersWith(everyone, { blockModule: true })).owners, 2);
  await worker.evaluate((k) => chrome.storage.local.remove(k), KEY);
});
