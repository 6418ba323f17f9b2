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
// The page's own "Are you sure?" removal dialog (Evergreen's Dialog has no accessible name).
const pageConfirm = (page) => page.getByRole('dialog').filter({ hasText: 'Are you sure you want to remove' });
const re = (text) => text.replace(/[.+]/g, '\\$&');

/** The page's own script picks the editor's `label` radio (as a re-render would). */
async function pickByScript(page, label) {
  const picked = await page.evaluate((l) => {
    const radio = [...document.querySelectorAll('input[type=radio]')]
      .find((i) => !i.checked && i.closest('label')?.textContent.trim().startsWith(l));
    radio?.click();
    return !!radio;
  }, label);
  assert.ok(picked, `the editor has a ${label} radio to pick`);
}

/** Expects the overlay saying the editor changed, with `said`, and cancels it. */
async function expectEditorChanged(page, said) {
  const changed = page.getByRole('alertdialog', { name: 'The member editor changed while you were asked' });
  await changed.waitFor({ timeout: 10000 });
  assert.match(await changed.innerText(), said);
  await changed.getByRole('button', { name: 'Cancel' }).click();
  await changed.waitFor({ state: 'detached' });
}
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
  assert.match(await dlg.innerText(), new RegExp(re(email)));
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
      assert.equal(await pageConfirm(page).count(), 0, 'the page never opened its confirm dialog');

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
  await pickByScript(page, 'Workspace Owner');
  await dlg.getByRole('button', { name: 'Make Member anyway' }).click();
  await expectEditorChanged(page, new RegExp(`Saving now would make ${re(me)} Workspace Owner\\.`));
  const end = await replicaState(page);
  assert.deepEqual(destructive(end.log), [], 'the confirmed demotion was not replayed on a changed editor');
  assert.equal(end.log.length, start.log.length, 'nothing was saved');
  await page.close();
});

// The page moves the open editor to another member while the guard asks (replica hook
// `switchEditor`: same editor, the draft kept, Save and Remove now act on that member). Going on
// must not replay the owner's confirmed removal or demotion on the person shown now: nothing is
// done to either, and the overlay says what the editor shows now. One per era and build.
for (const [era, csp, what] of [['2019', 'none', 'remove'], ['2020', 'strict', 'demote']]) {
  test(`a ${what === 'remove' ? 'removal' : 'demotion'} confirmed while the editor switches to another member (era ${era}, CSP ${csp}): applied to neither; the overlay says the editor changed`, async () => {
    const L = LABELS[era];
    const page = await open({ era, csp, owners: 1 });
    const start = await replicaState(page);
    const me = start.signedIn;
    // Another member with roles of their own: a replay of the owner's draft on them would change them.
    const other = start.members.find((m) => !m.owner && m.roles.length > 0);
    assert.ok(other, 'the replica has a member with roles');
    const rowText = (email) => page.locator(`[data-evergreen-table-body] [data-email="${email}"]`).innerText();
    const rowsBefore = [await rowText(me), await rowText(other.email)];

    await openEditor(page, me);
    if (what === 'demote') {
      await page.getByText('Workspace Member', { exact: true }).first().click();
      await page.getByRole('button', { name: L.save, exact: true }).click();
    } else {
      await page.getByRole('button', { name: L.remove }).click();
    }
    await expectStopped(page, me, start);
    const dlg = overlay(page);
    await dlg.getByRole('textbox').fill(me);
    assert.equal(await page.evaluate((email) => window.__replica.switchEditor(email), other.email), true);
    await page.locator('[data-replica="member-editor"]').getByText(other.email, { exact: true }).first().waitFor();
    await dlg.getByRole('button', { name: what === 'remove' ? 'Remove anyway' : 'Make Member anyway' }).click();

    await expectEditorChanged(page, what === 'remove'
      ? new RegExp(`Going on now would remove ${re(other.email)} from this workspace\\.`)
      : new RegExp(`Saving now would make ${re(other.email)} Workspace Member\\.`));
    assert.equal(await pageConfirm(page).count(), 0, 'the page never opened its confirm dialog');

    const end = await replicaState(page);
    assert.deepEqual(end.log, start.log, 'nothing was saved or removed');
    for (const email of [me, other.email]) {
      assert.deepEqual(end.members.find((m) => m.email === email), start.members.find((m) => m.email === email));
    }
    await closeEditor(page, era);
    await page.locator(`[data-evergreen-table-body] [data-email="${me}"]`).waitFor();
    assert.deepEqual([await rowText(me), await rowText(other.email)], rowsBefore, 'the table shows both as before');
    await page.close();
  });
}

// The same when the person shown now must first be counted afresh (the count is stale: the page
// showed an owner it did not expect): once the fresh count allows it, what the editor does now is
// still shown before anything is saved, never replayed on its own.
test('a promotion confirmed while the editor switches to an owner set to Member, with a stale count (era 2019, CSP none): the owner is not demoted; the overlay says the editor changed', async () => {
  const page = await open({ era: '2019', csp: 'none', owners: 2 });
  const start = await replicaState(page);
  const me = start.signedIn;
  const owner = start.members.find((m) => m.owner && m.email !== me).email;
  const [member, promoted] = start.members.filter((m) => !m.owner).map((m) => m.email);
  // Someone else makes a third owner: the guard's count sees it and is stale until read afresh.
  await page.evaluate((email) => window.__replica.elsewhere({ kind: 'promote', email }), promoted);
  await page.locator('#access-kit-host[data-guard-owners="3"]').waitFor({ state: 'attached' });
  const before = await replicaState(page);

  await openEditor(page, member);
  await page.getByText('Workspace Owner', { exact: true }).first().click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const promote = page.getByRole('alertdialog', { name: new RegExp(`${re(member)} will become Workspace Owner`) });
  await promote.waitFor({ timeout: 10000 });
  // The page moves its editor to the other owner and its script picks Workspace Member.
  assert.equal(await page.evaluate((email) => window.__replica.switchEditor(email), owner), true);
  await page.locator('[data-replica="member-editor"]').getByText(owner, { exact: true }).first().waitFor();
  await pickByScript(page, 'Workspace Member');
  await promote.getByRole('button', { name: 'Make Workspace Owner' }).click();
  await expectEditorChanged(page, new RegExp(`Saving now would make ${re(owner)} Workspace Member\\.`));
  const end = await replicaState(page);
  assert.deepEqual(end.log, before.log, 'nothing was saved');
  assert.equal(end.members.find((m) => m.email === owner).owner, true);
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
