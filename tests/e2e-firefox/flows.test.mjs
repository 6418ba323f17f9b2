// The extension's flows in Firefox ESR, end to end: the packaged Firefox build installed as a
// temporary add-on in headless firefox-esr (WebDriver BiDi), on the replica served at Segment's
// real address, with no CSP and with a strict CSP. One browser serves every case.
// What happened is read from the replica's log, never from our own UI.
//
//   ./build.sh build && node --test tests/e2e-firefox/flows.test.mjs
//   AK_FIREFOX_EXTENSION=dist/firefox node --test …   (another build: directory or zip)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchFirefox, openReplica, replicaState, byRole, hasRole, click, typeInto, paste,
  selectByLabel, attr, until, firefoxPackage, GECKO_ID, extensionPage, CHECK_NEEDS_A_SUBMISSION, CHECK_NOT_ON_THIS_PAGE,
  kit, launcher, openTab, kitAttr, untilPanel, waitForRunState,
} from './harness.mjs';

const EXT = process.env.AK_FIREFOX_EXTENSION || firefoxPackage();
const DOMAIN = 'firefox-e2e.example.org';
// Each CSP variant also runs one of the page's label eras.
const VARIANTS = [{ csp: 'none', era: '2019' }, { csp: 'strict', era: '2020' }];
const LABELS = {
  2019: { remove: 'Remove Team Member', confirm: 'Remove', save: 'Save', submit: 'Invite' },
  2020: { remove: 'Delete User', confirm: 'Delete', save: 'Save Changes', submit: 'Send Invite' },
};
const FAST = { latency: 40 };

let ff;
before(async () => { ff = await launchFirefox({ extension: EXT }); });
after(async () => { await ff?.close(); });

const sortGrants = (g) => [...g].sort((a, b) => a.role.localeCompare(b.role));
// The stored "Analyst" template: one scoped role (its scope read through "Edit Sources"), one not.
const ANALYST = [
  { role: 'Source Read-only', scope: { kind: 'all', labels: ['environment:prod'] } },
  { role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } },
];
const inviteOf = (e) => ({ kind: e.kind, emails: e.emails, owner: e.owner, roles: e.roles && sortGrants(e.roles) });

/** Opens the page's invite form and applies the "Analyst" template in it. */
async function openInviteWithAnalyst(page) {
  await click(page, await byRole(page, 'button', 'Invite Team Member'));
  const select = await byRole(page, 'combobox', 'Apply template', { scope: 'form' });
  await until(page, () => [...document.getElementById('access-kit-template-host').shadowRoot.querySelectorAll('option')]
    .some((o) => o.textContent.trim() === 'Analyst'), null, { what: 'the Analyst template in the picker' });
  await selectByLabel(select, 'Analyst');
  await click(page, await byRole(page, 'button', 'Apply', { scope: 'form' }));
  await until(page, () => /Applied "Analyst"/.test(document.getElementById('access-kit-template-host').shadowRoot
    .querySelector('[aria-label="Template result"]')?.textContent || ''), null, { what: 'the template report' });
}

for (const { csp, era } of VARIANTS) {
  test(`launcher appears and says which build runs (CSP ${csp})`, async () => {
    const page = await openReplica(ff, { csp, ...FAST });
    const l = await launcher(page);
    const engine = await attr(l, 'data-engine');
    console.log(`    Firefox, CSP ${csp}: the loader chose "${engine}"`);
    // Firefox does not apply the page's CSP to wasm compiled in a content script.
    assert.equal(engine, 'wasm');
    await click(page, l);
    const panel = await byRole(page, 'dialog', 'Access Kit', kit);
    assert.match(await panel.evaluate((p) => p.innerText), new RegExp(`Engine: ${engine}`));
    assert.equal(await page.evaluate(() => !!document.querySelector('[role=dialog][aria-label="Access Kit"]')), false,
      'our UI lives in a shadow root');
    await page.close();
  });

  test(`bulk invite: 50 rows in 2 role sets, exactly once, with a reload in the middle (CSP ${csp}, ${era} labels)`, { timeout: 300000 }, async () => {
    const SETS = [
      {
        cells: 'member,Source Admin,Prod iOS;Prod Web,',
        owner: false,
        grants: [{ role: 'Source Admin', scope: { kind: 'specific', resources: ['Prod iOS', 'Prod Web'] } }],
      },
      {
        cells: 'Member,Source Read-only,,environment:prod',
        owner: false,
        grants: [{ role: 'Source Read-only', scope: { kind: 'all', labels: ['environment:prod'] } }],
      },
    ];
    const rows = Array.from({ length: 50 }, (_, i) => ({ email: `ff.${csp}.${i + 1}@${DOMAIN}`, set: i % 2 }));
    const csv = ['email,role,roles,sources,labels', ...rows.map((r) => `${r.email},${SETS[r.set].cells}`)].join('\n');
    const page = await openReplica(ff, { csp, era, seed: 5, members: 5, owners: 2, pending: 2, persist: 1, ...FAST });

    let panel = await openTab(page, 'Bulk invite');
    await paste(await byRole(page, 'textbox', 'Emails or CSV', kit), csv);
    // Small submissions, so that the reload lands between two of them.
    await typeInto(page, await byRole(page, 'spinbutton', 'Emails per submission', kit), '5');
    await click(page, await byRole(page, 'button', 'Preview', kit));
    await waitForRunState(page, ['previewed'], 120000);
    const counts = await page.evaluate(() => Object.fromEntries([...document.getElementById('access-kit-host').shadowRoot
      .querySelectorAll('button[data-filter][data-count]')].map((b) => [b.dataset.filter, Number(b.dataset.count)])));
    assert.deepEqual(counts, { ready: 50 });
    // The rows are outside the replica members' domain: tick what the safety checks ask.
    await page.evaluate(() => document.getElementById('access-kit-host').shadowRoot
      .querySelectorAll('[aria-label="Safety checks"] input[type=checkbox]').forEach((c) => { if (!c.checked) c.click(); }));

    await click(page, await byRole(page, 'button', 'Start', kit));
    await untilPanel(page, () => Number(document.getElementById('access-kit-host').shadowRoot
      .querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')) >= 15, null, { timeout: 120000, what: 'progress 15' });
    await page.reload();
    await page.waitForSelector('[data-evergreen-table-body]');
    panel = await openTab(page, 'Bulk invite');
    await waitForRunState(page, ['paused'], 30000);
    assert.match(await panel.evaluate((p) => p.innerText), /did not finish/);
    await click(page, await byRole(page, 'button', 'Resume', kit));
    await waitForRunState(page, ['done'], 200000);
    assert.equal(await kitAttr(page, '[role=progressbar]', 'aria-valuenow'), '50');

    const state = await replicaState(page);
    const sent = new Map();
    for (const entry of state.log.filter((e) => e.kind === 'invite')) {
      for (const email of entry.emails) {
        assert.ok(!sent.has(email), `${email} invited twice`);
        sent.set(email, entry);
      }
    }
    assert.equal(sent.size, 50, 'every row invited');
    for (const r of rows) {
      const entry = sent.get(r.email);
      assert.ok(entry, `${r.email} was not invited`);
      assert.equal(entry.owner, SETS[r.set].owner);
      assert.deepEqual(sortGrants(entry.roles), sortGrants(SETS[r.set].grants), `${r.email}: roles`);
    }
    assert.equal(state.log.filter((e) => e.kind === 'invite_refused').length, 0);
    await page.close();
  });

  test(`a template applied in the page's invite form is exactly what gets sent (CSP ${csp}, ${era} labels)`, { timeout: 120000 }, async () => {
    const page = await openReplica(ff, { csp, era, ...FAST });
    await launcher(page);
    await openInviteWithAnalyst(page);

    // On the members' own domain (the replica's workspace "acme"): this case is about the
    // template, so no safety prompt stands between the form and the page.
    const email = `template.${csp}@acme.example.com`;
    const n = (await replicaState(page)).log.length;
    await typeInto(page, await page.waitForSelector('input[placeholder="e.g. johnsmith@gmail.com"]'), email);
    // The launcher may float over the form's footer: reach the submit button by keyboard.
    const submit = await byRole(page, 'button', LABELS[era].submit);
    await submit.focus();
    await page.keyboard.press('Enter');
    await until(page, (k) => window.__replica.state().log.length > k, n, { what: 'the invite in the replica log' });
    assert.deepEqual((await replicaState(page)).log.slice(n).map(inviteOf), [{ kind: 'invite', emails: [email], owner: false, roles: ANALYST }]);
    await page.close();
  });

  test(`last-owner guard: stops a removal by mouse and by keyboard; two owners go through (CSP ${csp}, ${era} labels)`, { timeout: 120000 }, async () => {
    const L = LABELS[era];
    const overlay = () => byRole(page, 'alertdialog', /last Workspace Owner/, { ...kit, timeout: 10000 });
    const destructive = (log) => log.filter((e) => e.kind === 'remove' || e.kind === 'demote');
    const openEditor = async (email) => click(page, await page.waitForSelector(`[data-evergreen-table-body] [data-email="${email}"]`));

    let page = await openReplica(ff, { csp, era, owners: 1, members: 8, pending: 1, ...FAST });
    await page.waitForSelector('#access-kit-host[data-guard="ready"]');
    const me = (await replicaState(page)).signedIn;
    await openEditor(me);
    // By mouse.
    await click(page, await byRole(page, 'button', L.remove));
    let dlg = await overlay();
    assert.match(await dlg.evaluate((d) => d.innerText), new RegExp(me.replace(/[.+]/g, '\\$&')));
    await click(page, await byRole(page, 'button', 'Cancel', { ...kit, within: { role: 'alertdialog', name: /last Workspace Owner/ } }));
    await until(page, () => !document.getElementById('access-kit-host').shadowRoot.querySelector('[role=alertdialog]'), null, { what: 'the overlay to close' });
    assert.equal(await hasRole(page, 'dialog', L.remove), false, 'the page never opened its confirm dialog');
    // By keyboard.
    await (await byRole(page, 'button', L.remove)).focus();
    await page.keyboard.press('Enter');
    dlg = await overlay();
    await page.keyboard.press('Escape');
    await until(page, () => !document.getElementById('access-kit-host').shadowRoot.querySelector('[role=alertdialog]'), null, { what: 'the overlay to close' });
    assert.deepEqual(destructive((await replicaState(page)).log), [], 'nothing removed');
    await page.close();

    // Two owners: removing one goes straight through to the page's own confirmation.
    page = await openReplica(ff, { csp, era, owners: 2, members: 8, pending: 1, ...FAST });
    await page.waitForSelector('#access-kit-host[data-guard="ready"]');
    const start = await replicaState(page);
    const other = start.members.find((m) => m.owner && m.email !== start.signedIn).email;
    await openEditor(other);
    await click(page, await byRole(page, 'button', L.remove));
    // The page's own confirmation (a dialog of its own, beside the editor's).
    await click(page, await byRole(page, 'button', L.confirm, { within: { role: 'dialog' } }));
    await until(page, (e) => window.__replica.state().log.some((x) => x.kind === 'remove' && x.email === e), other, { what: 'the removal' });
    assert.equal(await hasRole(page, 'alertdialog', /last Workspace Owner/, kit), false);
    await page.close();
  });

  test(`"Check this page" finds every control (CSP ${csp}, ${era} labels)`, { timeout: 120000 }, async () => {
    const page = await openReplica(ff, { csp, era, members: 15, pending: 5, seed: 2, latency: 30 });
    const before = await replicaState(page);
    await openTab(page, 'Check page');
    await click(page, await byRole(page, 'button', 'Check this page', kit));
    await until(page, () => !!document.getElementById('access-kit-host').shadowRoot.querySelector('[data-problems]'), null, { timeout: 90000, what: 'the check report' });
    const lines = await page.evaluate(() => [...document.getElementById('access-kit-host').shadowRoot.querySelectorAll('tr[data-control]')]
      .map((tr) => ({ control: tr.dataset.control, status: tr.dataset.status, detail: tr.lastChild.textContent })));
    assert.ok(lines.length >= 40, `report lists the profile's controls (${lines.length})`);
    assert.deepEqual(lines.filter((l) => l.status !== 'found' && !CHECK_NEEDS_A_SUBMISSION.has(l.control)
      && !(CHECK_NOT_ON_THIS_PAGE.has(l.control) && l.status === 'skipped' && l.detail)), [], 'every control is found');
    const after = await replicaState(page);
    assert.deepEqual(after.members, before.members);
    assert.deepEqual(after.invites, before.invites);
    await page.close();
  });
}

// One CSP (strict; Firefox runs the same wasm under both) and 2020 labels; the invite sheet as the
// page has it, then as a real <form> (the replica's htmlForm variant). Each way of submitting is
// asked and cancelled in one round and confirmed in the other: the button by Enter then by mouse,
// then by mouse then by Enter in the email field (the form's implicit submission). The scoped
// template's roles are read while the prompt is up (through "Edit Sources", opened and cancelled),
// and again on going on. In the second round the page adds an address while the prompt is up:
// going on sends nothing and asks again with it; going on then sends both, once.
test("safety prompt in the page's invite form: an address outside the members' domain with a scoped template is asked about before the form submits, by Enter and by mouse; Cancel sends nothing; going on sends it once with exactly its roles, and nothing the prompt did not show (CSP strict, 2020 labels, with and without a <form>)", { timeout: 180000 }, async () => {
  const L = LABELS['2020'];
  const within = { role: 'alertdialog', name: /outside your domains/ };
  const rounds = [
    { htmlForm: 0, cancel: 'enter-button', go: 'mouse' },
    { htmlForm: 1, cancel: 'mouse', go: 'enter-field', added: `added@${DOMAIN}` },
  ];
  for (const { htmlForm, cancel, go, added } of rounds) {
    const page = await openReplica(ff, { csp: 'strict', era: '2020', htmlForm, ...FAST });
    // The guard has read the members, so the workspace's domain is learned.
    await page.waitForSelector('#access-kit-host[data-guard="ready"]');
    await openInviteWithAnalyst(page);
    const email = `outside.${go}@${DOMAIN}`;
    const n = (await replicaState(page)).log.length;
    const field = await page.waitForSelector('input[placeholder="e.g. johnsmith@gmail.com"]');
    await typeInto(page, field, email);
    const submit = async (how) => {
      if (how === 'mouse') return click(page, await byRole(page, 'button', L.submit));
      await (how === 'enter-field' ? field : await byRole(page, 'button', L.submit)).focus();
      return page.keyboard.press('Enter');
    };
    const asked = async (how) => {
      await submit(how);
      const said = await (await byRole(page, 'alertdialog', within.name, kit)).evaluate((d) => d.innerText);
      assert.ok(said.includes(email), `${how}: the prompt names the address: ${said}`);
      // Read from the form: the scoped role and its scope, and the unscoped one.
      assert.match(said, /Source Read-only \(all labelled environment:prod\)/, `${how}: the roles read from the form: ${said}`);
      assert.match(said, /Tracking Plan Read-only/, `${how}: the roles read from the form: ${said}`);
      assert.equal((await replicaState(page)).log.length, n, `${how}: nothing sent while the prompt asks`);
    };

    await asked(cancel);
    await click(page, await byRole(page, 'button', 'Cancel', { ...kit, within }));
    await until(page, () => !document.getElementById('access-kit-host').shadowRoot.querySelector('[role=alertdialog]'),
      null, { what: 'the prompt to close' });
    assert.equal((await replicaState(page)).log.length, n, `${cancel}: Cancel sent nothing`);
    assert.equal(await field.evaluate((f) => f.value), email, `${cancel}: the form is still open as typed`);

    await asked(go);
    let sent = [email];
    if (added) {
      assert.equal(await page.evaluate((t) => window.__replica.changeInviteForm({ email: t }), `${email}, ${added}`), true);
      await click(page, await byRole(page, 'button', 'Send anyway', { ...kit, within }));
      const again = { role: 'alertdialog', name: /The invite form changed while you were asked/ };
      const said = await (await byRole(page, 'alertdialog', again.name, kit)).evaluate((d) => d.innerText);
      assert.ok(said.includes(`Since you were asked, ${added} was added.`), said);
      assert.equal((await replicaState(page)).log.length, n, 'nothing sent that the prompt did not show');
      await click(page, await byRole(page, 'button', 'Send anyway', { ...kit, within: again }));
      sent = [email, added];
    } else {
      await click(page, await byRole(page, 'button', 'Send anyway', { ...kit, within }));
    }
    await until(page, () => !document.querySelector('input[placeholder="e.g. johnsmith@gmail.com"]'), null, { what: 'the form to close' });
    assert.deepEqual((await replicaState(page)).log.slice(n).map(inviteOf), [{ kind: 'invite', emails: sent, owner: false, roles: ANALYST }],
      `${go}: sent once, exactly as shown`);
    await page.close();
  }
});

// Web Locks from a Firefox content script hold only through exportFunction and a promise of the
// page's realm (src/browser/run_lock.rs): without them the lock was let go at once.
test('two tabs of one workspace: one active run; the other tab says so, sends nothing, and takes over once that tab has paused and gone (CSP none)', { timeout: 240000 }, async () => {
  const workspace = 'twotabs';
  const small = { workspace, members: 4, owners: 1, pending: 0, latency: 400 };
  const a = await openReplica(ff, small);
  const domain = (await replicaState(a)).signedIn.split('@')[1];
  const emails = Array.from({ length: 4 }, (_, i) => `twotabs.${i + 1}@${domain}`);
  await openTab(a, 'Bulk invite');
  await paste(await byRole(a, 'textbox', 'Emails or CSV', kit), emails.join('\n'));
  await typeInto(a, await byRole(a, 'spinbutton', 'Emails per submission', kit), '1');
  await click(a, await byRole(a, 'button', 'Preview', kit));
  await waitForRunState(a, ['previewed'], 60000);
  await click(a, await byRole(a, 'button', 'Start', kit));
  await untilPanel(a, () => Number(document.getElementById('access-kit-host').shadowRoot
    .querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')) >= 1, null, { timeout: 60000, what: 'progress 1' });

  const b = await openReplica(ff, small);
  await openTab(b, 'Bulk invite');
  await waitForRunState(b, ['paused'], 30000);
  await click(b, await byRole(b, 'button', 'Resume', kit));
  await byRole(b, 'alert', /in progress in another tab or window \(\d+ of 4 rows done\)/, kit);
  assert.equal(await kitAttr(b, '[data-run-state]', 'data-run-state'), 'paused', 'nothing runs here meanwhile');
  const sent = (page) => replicaState(page, workspace).then((s) => s.log.filter((e) => e.kind === 'invite').flatMap((e) => e.emails));
  assert.deepEqual(await sent(b), [], 'this tab sent nothing');

  // The first tab pauses (so what it sent is known) and goes: this one takes over once Firefox
  // has freed the lock.
  await click(a, await byRole(a, 'button', 'Pause', kit));
  await waitForRunState(a, ['paused', 'done'], 60000);
  const doneThere = await sent(a);
  await a.close();
  const until = Date.now() + 60000;
  for (;;) {
    await click(b, await byRole(b, 'button', 'Resume', kit));
    try { await waitForRunState(b, ['running', 'done'], 3000); break; } catch (e) { if (Date.now() > until) throw e; }
  }
  await waitForRunState(b, ['done'], 120000);
  // Each tab's replica is its own server: together they sent everyone, and no one twice.
  const here = await sent(b);
  assert.deepEqual([...doneThere, ...here].sort(), [...emails].sort(), 'everyone sent once');
  await b.close();
});

// Last, because it takes host access away (and gives it back through the popup's button).
test('host access: the options page and the popup say when Firefox withholds app.segment.com, and the popup\'s button grants it', { timeout: 120000 }, async () => {
  assert.equal(ff.addonId, GECKO_ID, 'the Firefox zip installed as a temporary add-on');
  const page = await openReplica(ff, { ...FAST });
  await launcher(page);
  const options = await extensionPage(ff, page, 'options.html');
  await options.waitForSelector('[data-access="granted"]');
  const replicaTab = await options.evaluate(async () =>
    (await browser.tabs.query({})).find((t) => (t.url || '').includes('/settings/access-management')).id);

  // Taken away (as about:addons or the extensions menu would): the open options page follows.
  await options.evaluate(() => browser.permissions.remove({ origins: ['https://app.segment.com/*'] }));
  await options.waitForSelector('[data-access="missing"]');
  assert.match(await options.$eval('[data-access]', (e) => e.innerText), /not allowed on app\.segment\.com/);

  // Without it the content script does not run: a freshly loaded page shows no launcher.
  await page.reload();
  await page.waitForSelector('[data-evergreen-table-body]');
  const popup = await extensionPage(ff, options, `popup.html?tab=${replicaTab}`);
  await popup.waitForSelector('[data-access="missing"]');
  // Firefox hides the address of a tab the extension may not access.
  await popup.waitForSelector('[data-place="unknown"]');
  assert.equal(await page.$('#access-kit-host'), null, 'no launcher without host access');

  // The popup's button asks from the click; granted, the page works again after a reload.
  await click(popup, await byRole(popup, 'button', 'Allow on app.segment.com'));
  await popup.waitForSelector('[data-access="granted"]');
  assert.match(await popup.$eval('[data-access]', (e) => e.innerText), /Reload your Segment tab/);
  await options.waitForSelector('[data-access="granted"]');
  await page.reload();
  await launcher(page);
  for (const p of [page, options, popup]) await p.close();
});
