// Last-owner guard, end to end on the replica (which itself never protects the
// last owner): every path by mouse and keyboard, both label eras, both CSP
// variants, with one owner and with two.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXT, launch, openReplica, gotoReplica, replicaState, screenshot, guardReady, guardOverlay, watchExtension } from './harness.mjs';

const LABELS = {
  2019: { remove: 'Remove Team Member', confirm: 'Remove', save: 'Save' },
  2020: { remove: 'Delete User', confirm: 'Delete', save: 'Save Changes' },
};

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

async function open(opts) {
  const page = await openReplica(browser.context, { latency: 40, members: 8, pending: 1, ...opts });
  await guardReady(page);
  return page;
}

const overlay = guardOverlay;
const destructive = (log) => log.filter((e) => e.kind === 'remove' || e.kind === 'demote');

async function openEditor(page, email) {
  await page.locator(`[data-evergreen-table-body] [data-email="${email}"]`).click();
}

async function closeEditor(page, era) {
  if (era === '2020') await page.getByRole('button', { name: 'All Users' }).click();
  else await page.keyboard.press('Escape');
}

/** Expects the overlay, names the owner, and checks nothing reached the page. */
async function expectStopped(page, email, before) {
  const dlg = overlay(page);
  await dlg.waitFor({ timeout: 5000 });
  assert.match(await dlg.innerText(), new RegExp(email.replace(/[.+]/g, '\\$&')));
  // Focus starts on Cancel, and stays in the overlay when the page's own script moves it (as a
  // side sheet does when its opening transition ends).
  const focused = () => page.evaluate(() => document.getElementById('access-kit-host').shadowRoot.activeElement?.textContent);
  assert.equal(await focused(), 'Cancel');
  // Taking focus back must not re-enter the overlay's own focus listener (a wasm-bindgen closure
  // called while it runs throws "closure invoked recursively or after being dropped").
  const errors = [];
  const onError = (e) => errors.push(String(e));
  page.on('pageerror', onError);
  const moved = await page.evaluate(() => {
    const own = [...document.querySelectorAll('input, button')].find((el) => !el.closest('#access-kit-host'));
    own?.focus();
    return !!own;
  });
  assert.ok(moved, 'the page has a control of its own to focus');
  assert.equal(await focused(), 'Cancel');
  page.off('pageerror', onError);
  assert.deepEqual(errors, [], 'no page error while focus is taken back');
  const state = await replicaState(page);
  assert.deepEqual(destructive(state.log), destructive(before.log));
}

// Each behaviour in both label eras and both builds (wasm under no CSP, wasm2js under a strict
// one), paired rather than crossed: the era × CSP × form matrix is the driver and foundation
// suites' job.
const ONE_OWNER = [['2019', 'none'], ['2020', 'strict']];
const TWO_OWNERS = [['2019', 'strict'], ['2020', 'none']];

for (const era of ['2019', '2020']) {
  for (const csp of ['none', 'strict']) {
    const L = LABELS[era];
    const pair = (list) => list.some(([e, c]) => e === era && c === csp);

    if (pair(ONE_OWNER)) test(`one owner, era ${era}, CSP ${csp}: every path is stopped; Cancel/Escape change nothing; typing the email lets it through`, async () => {
      const page = await open({ era, csp, owners: 1 });
      const start = await replicaState(page);
      const me = start.signedIn;
      assert.equal(start.members.filter((m) => m.owner).length, 1);

      // Remove, by mouse → Cancel.
      await openEditor(page, me);
      await page.getByRole('button', { name: L.remove }).click();
      await expectStopped(page, me, start);
      await screenshot(page, `guard-overlay-${era}-${csp}`);
      await overlay(page).getByRole('button', { name: 'Cancel' }).click();
      await overlay(page).waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('dialog', { name: L.remove }).count(), 0, 'the page never opened its confirm dialog');

      // Remove, by keyboard (Enter on the focused button) → Escape.
      await page.getByRole('button', { name: L.remove }).focus();
      await page.keyboard.press('Enter');
      await expectStopped(page, me, start);
      await page.keyboard.press('Escape');
      await overlay(page).waitFor({ state: 'detached' });
      // Escape stayed in our overlay: the page's editor is still open.
      await page.getByRole('button', { name: L.remove }).waitFor();

      // Remove, by keyboard (Space).
      await page.getByRole('button', { name: L.remove }).focus();
      await page.keyboard.press(' ');
      await expectStopped(page, me, start);
      await page.keyboard.press('Escape');

      // Demote: switch to Workspace Member, then Save by mouse → Cancel.
      await page.getByText('Workspace Member', { exact: true }).first().click();
      await page.getByRole('button', { name: L.save, exact: true }).click();
      await expectStopped(page, me, start);
      await overlay(page).getByRole('button', { name: 'Cancel' }).click();

      // ... and Save by keyboard → Escape.
      await page.getByRole('button', { name: L.save, exact: true }).focus();
      await page.keyboard.press('Enter');
      await expectStopped(page, me, start);
      await page.keyboard.press('Escape');

      // ... and by a form submit that no button click precedes (the 2020
      // editor is a real <form>; a page script submits it).
      if (era === '2020') {
        await page.evaluate(() => document.querySelector('form[data-replica="roles-form"]').requestSubmit());
        await expectStopped(page, me, start);
        await overlay(page).getByRole('button', { name: 'Cancel' }).click();
      }
      assert.deepEqual(destructive((await replicaState(page)).log), []);

      // Going on anyway needs the owner's email typed; then the page acts.
      await page.getByRole('button', { name: L.remove }).click();
      const dlg = overlay(page);
      await dlg.waitFor();
      const go = dlg.getByRole('button', { name: 'Remove anyway' });
      assert.equal(await go.isDisabled(), true);
      await dlg.getByRole('textbox').fill('someone-else@example.com');
      assert.equal(await go.isDisabled(), true);
      await dlg.getByRole('textbox').fill(me.toUpperCase());
      await go.click();
      // The page's own confirm dialog follows, and passes for the confirmed person.
      await page.getByRole('dialog').getByRole('button', { name: L.confirm, exact: true }).click();
      await page.waitForFunction((email) => window.__replica.state().log.some((e) => e.kind === 'remove' && e.email === email), me);
      assert.equal(await overlay(page).count(), 0);
      await page.close();
    });

    if (pair(TWO_OWNERS)) test(`two owners, era ${era}, CSP ${csp}: nothing is shown until only one is left`, async () => {
      const page = await open({ era, csp, owners: 2 });
      const start = await replicaState(page);
      const me = start.signedIn;
      const other = start.members.find((m) => m.owner && m.email !== me).email;

      // Demoting one of two owners goes straight through.
      await openEditor(page, other);
      await page.getByText('Workspace Member', { exact: true }).first().click();
      await page.getByRole('button', { name: L.save, exact: true }).click();
      await page.waitForFunction((email) => window.__replica.state().log.some((e) => e.kind === 'demote' && e.email === email), other);
      assert.equal(await overlay(page).count(), 0);
      if (era === '2020') await closeEditor(page, era);

      // Now the signed-in owner is the last one: removing themselves is stopped.
      await page.locator(`[data-evergreen-table-body] [data-email="${me}"]`).waitFor();
      await openEditor(page, me);
      await page.getByRole('button', { name: L.remove }).click();
      await overlay(page).waitFor({ timeout: 5000 });
      assert.match(await overlay(page).innerText(), /you are the last Workspace Owner/i);
      await page.keyboard.press('Escape');
      const end = await replicaState(page);
      assert.equal(end.members.filter((m) => m.owner).length, 1);
      assert.deepEqual(destructive(end.log).map((e) => e.kind), ['demote']);
      await page.close();
    });
  }
}

test('removing a member with two owners is never interrupted', async () => {
  const page = await open({ era: '2019', owners: 2 });
  const start = await replicaState(page);
  const member = start.members.find((m) => !m.owner).email;
  await openEditor(page, member);
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click();
  await page.waitForFunction((email) => window.__replica.state().log.some((e) => e.kind === 'remove' && e.email === email), member);
  assert.equal(await overlay(page).count(), 0);
  await page.close();
});

test('a demotion confirmed while the editor changes (era 2019, CSP none): not replayed; what the editor shows now is shown before anything is saved', async () => {
  const page = await open({ era: '2019', csp: 'none', owners: 1 });
  const start = await replicaState(page);
  const me = start.signedIn;
  await openEditor(page, me);
  await page.getByText('Workspace Member', { exact: true }).first().click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expectStopped(page, me, start);
  const dlg = overlay(page);
  await dlg.getByRole('textbox').fill(me);
  // While the person types, the page's own script puts the editor back to Workspace Owner.
  const flipped = await page.evaluate(() => {
    const radio = [...document.querySelectorAll('input[type=radio]')]
      .find((i) => !i.checked && i.closest('label')?.textContent.trim().startsWith('Workspace Owner'));
    radio?.click();
    return !!radio;
  });
  assert.ok(flipped, 'the editor has a Workspace Owner radio to pick');
  await dlg.getByRole('button', { name: 'Make Member anyway' }).click();
  const changed = page.getByRole('alertdialog', { name: 'The member editor changed while you were asked' });
  await changed.waitFor({ timeout: 10000 });
  assert.match(await changed.innerText(), new RegExp(`Saving now would make ${me.replace(/[.+]/g, '\\$&')} Workspace Owner\\.`));
  await changed.getByRole('button', { name: 'Cancel' }).click();
  await changed.waitFor({ state: 'detached' });
  const end = await replicaState(page);
  assert.deepEqual(destructive(end.log), [], 'the confirmed demotion was not replayed on a changed editor');
  assert.equal(end.log.length, start.log.length, 'nothing was saved');
  await page.close();
});

// The guard decides each activation from the activated element upward and searches the page only
// for one that could be a guarded control (driver::reach): the clicks of a whole-table read (five
// events per "Load more") cost no search, however long the list, while a guarded control's click
// still does. Counted, not timed: the core's counter of those searches (`reach_searches`).
test('the census read of a "Load more" list runs no page search for its own clicks; a click on a guarded control does', async () => {
  const page = await browser.context.newPage();
  const watch = await watchExtension(page);
  await gotoReplica(page, { pager: 'loadmore', members: 120, pending: 1, owners: 2, latency: 40 });
  await page.locator('#access-kit-host[data-guard="ready"][data-guard-owners="2"]').waitFor({ state: 'attached', timeout: 60000 });
  // The census pressed "Load more" until every row was shown: 5 screens of 25.
  assert.equal(await page.locator('[data-evergreen-table-body] [data-email]').count(), 121);
  const searches = () => watch.inCore("import(chrome.runtime.getURL('core/kit-wasm.js')).then((k) => k.reach_searches())");
  assert.equal(await searches(), 0, 'the read\'s own clicks searched the page');

  const start = await replicaState(page);
  const member = start.members.find((m) => !m.owner).email;
  await openEditor(page, member);
  assert.equal(await searches(), 0, 'opening a row searched the page');
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click();
  await page.waitForFunction((email) => window.__replica.state().log.some((e) => e.kind === 'remove' && e.email === email), member);
  assert.ok(await searches() > 0, 'a guarded control\'s click is searched for');
  await watch.detach();
  await page.close();
});
