// The person's locator-profile override (settings:profile-override, saved by the options page)
// in the in-page core, which reads it by hand from JSON.parse's value (driver::override_tree):
// a valid override replaces a control's locators — a single string and an inline locator for
// lists, null for an absent value — and an invalid one leaves the built-in profile in force.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithWorker, openReplica, openTab } from './harness.mjs';

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
