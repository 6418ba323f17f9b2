// Hardening, end to end with the built extension: what a hostile or unlucky page can do to us.
// - A page element named like our old load flag (<div id="__accessKitLoaded">) must not switch
//   the extension off: named elements are visible on the content script's global in Chromium.
// - Page script that finds our (open) shadow root cannot type the guard's phrase and press
//   "Remove anyway" for the person: only trusted input counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, gotoReplica, openReplica, replicaState, DIST, ROOT } from './harness.mjs';

const EXT = path.join(ROOT, 'dist', 'extension');
let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

/** A page whose Access Management HTML carries `extra` at the start of <body>. */
async function replicaWith(extra, opts = {}) {
  const page = await browser.context.newPage();
  await page.route(/\/settings\/access-management(\?|$)/, async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    assert.ok(html.includes('<body>'), 'the replica page has a <body> to add to');
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      body: html.replace('<body>', `<body>${extra}`),
    });
  });
  return gotoReplica(page, opts);
}

for (const csp of ['none', 'strict']) {
  test(`an element with id="__accessKitLoaded" does not switch the launcher or the guard off (CSP ${csp})`, async () => {
    const page = await replicaWith('<div id="__accessKitLoaded"></div>', { csp, owners: 1, members: 4 });
    // The element is there from the start, and (as in any page) named on the window.
    assert.equal(await page.evaluate(() => window.__accessKitLoaded instanceof HTMLDivElement), true);
    await page.getByRole('button', { name: 'Access Kit', exact: true }).waitFor({ timeout: 20000 });
    await page.locator('#access-kit-host[data-guard="ready"]').waitFor({ state: 'attached', timeout: 20000 });
    await page.close();
  });
}

test('page script cannot type the phrase and press "Remove anyway" for the person; real input still can', async () => {
  const page = await openReplica(browser.context, { latency: 40, members: 6, owners: 1 });
  await page.locator('#access-kit-host[data-guard="ready"]').waitFor({ state: 'attached', timeout: 20000 });
  const start = await replicaState(page);
  const me = start.signedIn;
  await page.locator(`[data-evergreen-table-body] [data-email="${me}"]`).click();
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  const overlay = page.getByRole('alertdialog', { name: /last Workspace Owner/ });
  await overlay.waitFor({ timeout: 10000 });

  // The page's script does everything a person would, with synthetic events.
  const forged = await page.evaluate((phrase) => {
    const root = document.getElementById('access-kit-host').shadowRoot;
    const dlg = root.querySelector('[role=alertdialog]');
    const input = dlg.querySelector('input');
    const go = [...dlg.querySelectorAll('button')].find((b) => b.textContent === 'Remove anyway');
    input.focus();
    input.value = phrase;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: phrase }));
    const enabledBySyntheticInput = !go.disabled;
    go.disabled = false;
    go.click();
    go.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, button: 0 }));
    go.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    return { enabledBySyntheticInput };
  }, me);
  assert.equal(forged.enabledBySyntheticInput, false, 'a synthetic input event does not enable the go-ahead');
  // Let any continuation of the (ignored) clicks run before looking.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  assert.equal(await overlay.count(), 1, 'the overlay is still asking');
  // (Evergreen's Dialog has no accessible name: found by its words.)
  assert.equal(await page.getByRole('dialog').filter({ hasText: 'Are you sure you want to remove' }).count(), 0, 'the page was not told to go on');
  assert.deepEqual((await replicaState(page)).log.filter((e) => e.kind === 'remove'), []);

  // A value the script set does not count even when the person then presses the button.
  await overlay.getByRole('button', { name: 'Remove anyway' }).click({ force: true });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  assert.equal(await overlay.count(), 1, 'a trusted click on a phrase the person did not type does nothing');

  // The person types the phrase and presses the button: the page acts.
  await overlay.getByRole('textbox').fill(me);
  const go = overlay.getByRole('button', { name: 'Remove anyway' });
  assert.equal(await go.isEnabled(), true);
  await go.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click();
  await page.waitForFunction((email) => window.__replica.state().log.some((e) => e.kind === 'remove' && e.email === email), me);
  await page.close();
});
