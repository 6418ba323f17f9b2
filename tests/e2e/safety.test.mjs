// Safety prompts beyond the last owner (issue 15), end to end on the replica: mistyped domains,
// outside your domains, new owners, demoting yourself — in the bulk preview and in the page's
// own forms (mouse, keyboard, form submit) — and no prompt where there is nothing to fear.
//
// The replica's `domains` variant gives the members one domain and two outliers, so the
// workspace's domain is learned (kicksco.io) and the outliers are not. Variants are paired,
// not crossed: the bulk preview runs on the wasm build (CSP none), the page's own forms on
// wasm2js (CSP strict, the 2020 era whose editor is a real <form>), and the invite form made a
// real <form> (the replica's htmlForm variant) on the wasm build again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXT, launch, openReplica, gotoReplica, interceptExtension, replicaState, guardReady, openBulk, waitForState, extensionWorker, storedItem, waitForStored,
  pasteAndPreview, setChunk,
} from './harness.mjs';

const DOMAINS = 'kicksco.io,gmail.com,partner.org';
const BASE = { workspace: 'kicksco', domains: DOMAINS, members: 12, owners: 2, pending: 1, latency: 40 };

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

const invites = (state) => state.log.filter((e) => e.kind === 'invite').flatMap((e) => e.emails.map((email) => ({ email, owner: e.owner })));
const changes = (state) => state.log.filter((e) => e.kind !== 'invite_refused');
const prompt = (page, name) => page.getByRole('alertdialog', { name });
const safety = (panel) => panel.getByRole('region', { name: 'Safety checks' });
// Evergreen hides the native radio or checkbox under a styled box: click its label (as
// replica.test.mjs does).
const pickRole = (page, name, type = 'radio') => page.locator('label', { has: page.locator(`input[type=${type}]`) })
  .filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).click();

test('bulk preview (CSP none): 50 ordinary rows say nothing; typos are fixed in one action; outside and owner rows need their ticks; exactly what was shown is sent', { timeout: 240000 }, async () => {
  const page = await openReplica(browser.context, { ...BASE, csp: 'none' });
  await guardReady(page);
  const { panel, root } = await openBulk(page);
  const box = panel.getByRole('textbox', { name: 'Emails or CSV' });
  const start = panel.getByRole('button', { name: 'Start', exact: true });
  const previewBtn = panel.getByRole('button', { name: 'Preview', exact: true });

  // 50 addresses within the workspace's domain, ordinary roles: no prompt at all.
  const ordinary = Array.from({ length: 50 }, (_, i) => `plain${i + 1}@kicksco.io`);
  await box.fill(ordinary.join('\n'));
  await previewBtn.click();
  await waitForState(root, ['previewed'], 60000);
  assert.equal(await safety(panel).count(), 0, 'no safety flags for ordinary in-domain rows');
  assert.equal(await start.isEnabled(), true);
  await start.click();
  await waitForState(root, ['done'], 120000);
  assert.equal(await page.getByRole('alertdialog').count(), 0, 'no overlay during the run');
  let state = await replicaState(page);
  assert.deepEqual(invites(state).map((i) => i.email).sort(), [...ordinary].sort());

  // Three mistyped domains, two outside, one new owner, one ordinary.
  const csv = [
    'email,role',
    'ana@kicksco.co,Workspace Member',
    'bo@kickscoio,Workspace Member',
    'cy@gmial.com,Workspace Member',
    'dee@yahoo.com,Workspace Member',
    'eli@agency.dev,Workspace Member',
    'fay@kicksco.io,Workspace Owner',
    'gus@kicksco.io,Workspace Member',
  ].join('\n');
  const before = (await replicaState(page)).log.length;
  await box.fill(csv);
  await previewBtn.click();
  await waitForState(root, ['previewed'], 60000);
  const flags = safety(panel);
  await flags.waitFor();
  const text = await flags.innerText();
  assert.match(text, /Mistyped domains\? — 3 rows/);
  for (const [typed, meant] of [['ana@kicksco.co', 'ana@kicksco.io'], ['bo@kickscoio', 'bo@kicksco.io'], ['cy@gmial.com', 'cy@gmail.com']]) {
    assert.ok(text.includes(`${typed} → did you mean ${meant}?`), `${typed} is flagged: ${text}`);
  }
  assert.match(text, /outside kicksco\.io — 2 rows/, 'a mistyped row is flagged as a typo only');
  assert.match(text, /Make fay@kicksco\.io Workspace Owner/);
  assert.match(text, /"Mistyped domains"/, 'each flag says which setting controls it');
  assert.equal(await start.isDisabled(), true, 'Start waits for the ticks');

  // ONE action fixes all three, visibly in the box; then the person previews again.
  await flags.getByRole('button', { name: 'Fix 3 mistyped addresses in the list' }).click();
  await waitForState(root, ['idle'], 10000);
  const fixed = await box.inputValue();
  assert.equal(fixed, csv.replace('ana@kicksco.co', 'ana@kicksco.io').replace('bo@kickscoio', 'bo@kicksco.io').replace('cy@gmial.com', 'cy@gmail.com'));
  assert.match(await panel.getByRole('status').first().innerText(), /Fixed 3 addresses/);
  assert.equal((await replicaState(page)).log.length, before, 'fixing sent nothing');

  await previewBtn.click();
  await waitForState(root, ['previewed'], 60000);
  const again = await safety(panel).innerText();
  assert.doesNotMatch(again, /Mistyped/);
  assert.match(again, /outside kicksco\.io — 3 rows/);
  const outsideTick = safety(panel).getByRole('checkbox', { name: 'Send the 3 rows outside kicksco.io' });
  const ownerTick = safety(panel).getByRole('checkbox', { name: 'Make fay@kicksco.io Workspace Owner' });
  assert.equal(await start.isDisabled(), true);
  await outsideTick.check();
  assert.equal(await start.isDisabled(), true, 'the owner row still needs its tick');
  await ownerTick.check();
  assert.equal(await start.isEnabled(), true);
  await ownerTick.uncheck();
  assert.equal(await start.isDisabled(), true);
  await ownerTick.check();
  assert.equal((await replicaState(page)).log.length, before, 'nothing is sent before Start');

  await start.click();
  await waitForState(root, ['done'], 120000);
  assert.equal(await page.getByRole('alertdialog').count(), 0, "the run's own submissions are not prompted again");
  state = await replicaState(page);
  const sent = invites({ log: state.log.slice(before) });
  assert.deepEqual(sent.map((i) => `${i.email}${i.owner ? ' (owner)' : ''}`).sort(), [
    'ana@kicksco.io', 'bo@kicksco.io', 'cy@gmail.com', 'dee@yahoo.com', 'eli@agency.dev', 'fay@kicksco.io (owner)', 'gus@kicksco.io',
  ]);
  await page.close();
});

test("the page's own forms (CSP strict, 2020 era): typo, outside (naming the roles), new owner, demoting and removing yourself are asked by mouse, keyboard and form submit; Cancel sends nothing; going on sends what was shown", { timeout: 240000 }, async () => {
  const page = await openReplica(browser.context, { ...BASE, csp: 'strict', era: '2020' });
  await guardReady(page);
  const start = await replicaState(page);
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  const send = page.getByRole('button', { name: 'Send Invite', exact: true });
  const openInvite = async () => {
    await page.getByRole('button', { name: 'Invite Team Member' }).click();
    await email.waitFor();
  };
  const logLength = async () => changes(await replicaState(page)).length;
  const base = await logLength();

  // Mistyped domain, by mouse: Cancel sends nothing; the corrected address is typed into the field.
  await openInvite();
  await email.fill('ana@kicksco.co');
  await send.click();
  const typo = prompt(page, /domain looks mistyped/);
  await typo.waitFor({ timeout: 10000 });
  const said = await typo.innerText();
  assert.match(said, /ana@kicksco\.co → did you mean ana@kicksco\.io\?/);
  // ... and the roles it would get, read from the form (none ticked).
  assert.match(said, /As typed, ana@kicksco\.co would be invited as Workspace Member, with no other role\./);
  assert.match(said, /"Mistyped domains"/);
  await typo.getByRole('button', { name: 'Cancel' }).click();
  await typo.waitFor({ state: 'detached' });
  assert.equal(await logLength(), base, 'Cancel sent nothing');
  await send.click();
  await typo.waitFor();
  await typo.getByRole('button', { name: 'Use the corrected address' }).click();
  await typo.waitFor({ state: 'detached' });
  assert.equal(await email.inputValue(), 'ana@kicksco.io');
  assert.equal(await logLength(), base, 'correcting sent nothing');
  // Within the domain, an ordinary role: no prompt, the page sends it.
  await send.click();
  await page.waitForFunction(() => window.__replica.state().invites.some((i) => i.email === 'ana@kicksco.io'));
  assert.equal(await page.getByRole('alertdialog').count(), 0);
  await email.waitFor({ state: 'detached' });

  // Outside the domains, by keyboard: Enter asks, Escape cancels, Space asks, going on sends it.
  await openInvite();
  await email.fill('bo@yahoo.com');
  await pickRole(page, 'Tracking Plan Read-only', 'checkbox');
  await send.focus();
  await page.keyboard.press('Enter');
  const outside = prompt(page, /outside your domains/);
  await outside.waitFor({ timeout: 10000 });
  assert.match(await outside.innerText(), /Outside kicksco\.io: bo@yahoo\.com would be invited as Workspace Member with Tracking Plan Read-only\./);
  await page.keyboard.press('Escape');
  await outside.waitFor({ state: 'detached' });
  assert.equal(await email.inputValue(), 'bo@yahoo.com', 'Escape stayed in the overlay: the form is still open');
  const afterAna = await logLength();
  await send.focus();
  await page.keyboard.press(' ');
  await outside.waitFor();
  assert.equal(await logLength(), afterAna);
  await outside.getByRole('button', { name: 'Send anyway' }).click();
  await page.waitForFunction(() => window.__replica.state().invites.some((i) => i.email === 'bo@yahoo.com'));
  assert.deepEqual((await replicaState(page)).invites.find((i) => i.email === 'bo@yahoo.com').roles.map((g) => g.role),
    ['Tracking Plan Read-only'], 'the roles the overlay named were sent');
  await email.waitFor({ state: 'detached' });

  // A new owner in the invite form: asked once, names who and what an owner can do.
  await openInvite();
  await email.fill('cy@kicksco.io');
  await pickRole(page, 'Workspace Owner');
  await send.click();
  const owner = prompt(page, /as Workspace Owner/);
  await owner.waitFor({ timeout: 10000 });
  assert.match(await owner.innerText(), /cy@kicksco\.io would become Workspace Owner\. A Workspace Owner can/);
  await owner.getByRole('button', { name: 'Send anyway' }).click();
  await page.waitForFunction(() => window.__replica.state().invites.some((i) => i.email === 'cy@kicksco.io' && i.owner));
  await email.waitFor({ state: 'detached' });

  // Promoting a member in the editor, by a form submit no click precedes: Cancel changes nothing.
  const member = start.members.find((m) => !m.owner && m.email.endsWith('@kicksco.io')).email;
  await page.locator(`[data-evergreen-table-body] [data-email="${member}"]`).click();
  await pickRole(page, 'Workspace Owner');
  const beforePromote = await logLength();
  await page.evaluate(() => document.querySelector('form[data-replica="roles-form"]').requestSubmit());
  const promote = prompt(page, new RegExp(`${member.replace(/[.+]/g, '\\$&')} will become Workspace Owner`));
  await promote.waitFor({ timeout: 10000 });
  await promote.getByRole('button', { name: 'Cancel' }).click();
  await promote.waitFor({ state: 'detached' });
  assert.equal(await logLength(), beforePromote, 'Cancel changed nothing');
  // ... by mouse, going on: the page promotes exactly that member.
  await page.getByRole('button', { name: 'Save Changes', exact: true }).click();
  await promote.waitFor();
  await promote.getByRole('button', { name: 'Make Workspace Owner' }).click();
  await page.waitForFunction((e) => window.__replica.state().members.some((m) => m.email === e && m.owner), member);
  await page.getByRole('button', { name: 'All Users' }).click();

  // Demoting yourself while another owner remains: said plainly, needs your address typed.
  const me = start.signedIn;
  await page.locator(`[data-evergreen-table-body] [data-email="${me}"]`).click();
  const beforeSelf = await logLength();
  // Removing yourself (not only demoting): said as plainly; Cancel removes nothing.
  await page.getByRole('button', { name: 'Delete User', exact: true }).click();
  const leaving = prompt(page, /removing yourself/);
  await leaving.waitFor({ timeout: 30000 });
  const leavingSaid = await leaving.innerText();
  assert.match(leavingSaid, /lose Access Management at once/);
  assert.match(leavingSaid, /"Demoting yourself"/);
  assert.equal(await leaving.getByRole('button', { name: 'Remove myself' }).isDisabled(), true, 'needs your address typed');
  await leaving.getByRole('button', { name: 'Cancel' }).click();
  await leaving.waitFor({ state: 'detached' });
  assert.equal(await logLength(), beforeSelf, 'Cancel removed nothing');
  await pickRole(page, 'Workspace Member');
  await page.getByRole('button', { name: 'Save Changes', exact: true }).click();
  const self = prompt(page, /giving up Workspace Owner/);
  await self.waitFor({ timeout: 30000 }).catch(async (e) => {
    const shown = await page.getByRole('alertdialog').allInnerTexts();
    const state = await replicaState(page);
    throw new Error(`${e.message}\nshown: ${JSON.stringify(shown)}\nlog: ${JSON.stringify(state.log.slice(-3))}\nguard: ${await page.locator('#access-kit-host').getAttribute('data-guard')}`);
  });
  assert.match(await self.innerText(), /lose Access Management at once/);
  assert.match(await self.innerText(), /"Demoting yourself"/);
  const go = self.getByRole('button', { name: 'Make myself Member' });
  assert.equal(await go.isDisabled(), true);
  await self.getByRole('button', { name: 'Cancel' }).click();
  await self.waitFor({ state: 'detached' });
  assert.equal(await logLength(), beforeSelf, 'Cancel changed nothing');
  await page.getByRole('button', { name: 'Save Changes', exact: true }).click();
  await self.waitFor();
  await self.getByRole('textbox').fill(me);
  await go.click();
  await page.waitForFunction((e) => window.__replica.state().log.some((x) => x.kind === 'demote' && x.email === e), me);
  // Exactly what was shown, and nothing else, reached the page.
  const log = changes(await replicaState(page)).slice(base);
  assert.deepEqual(log.map((e) => `${e.kind} ${e.emails ? e.emails.join(',') : e.email}`), [
    'invite ana@kicksco.io', 'invite bo@yahoo.com', 'invite cy@kicksco.io', `promote ${member}`, `demote ${me}`,
  ]);
  await page.close();
});

test("the invite form as a real <form> (CSP none, htmlForm): Enter in the email field and a script's requestSubmit() are stopped by the outside-domain prompt; Cancel sends nothing; going on after Enter sends exactly what was shown, once; a run's own submissions pass", { timeout: 240000 }, async () => {
  const page = await openReplica(browser.context, { ...BASE, csp: 'none', htmlForm: 1 });
  await guardReady(page);
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  const logLength = async () => changes(await replicaState(page)).length;
  const base = await logLength();
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  await email.fill('dee@yahoo.com');

  // Enter in the field: the browser's implicit submission of the form.
  await email.press('Enter');
  const outside = prompt(page, /outside your domains/);
  await outside.waitFor({ timeout: 10000 });
  assert.match(await outside.innerText(), /Outside kicksco\.io: dee@yahoo\.com would be invited as Workspace Member, with no other role\./);
  await outside.getByRole('button', { name: 'Cancel' }).click();
  await outside.waitFor({ state: 'detached' });
  assert.equal(await logLength(), base, 'Cancel sent nothing');
  assert.equal(await email.inputValue(), 'dee@yahoo.com', 'the form is still open');

  // A script's requestSubmit(): a submit event no click precedes.
  await pickRole(page, 'Tracking Plan Read-only', 'checkbox');
  await page.evaluate(() => document.querySelector('form[data-replica="invite-html-form"]').requestSubmit());
  await outside.waitFor({ timeout: 10000 });
  assert.match(await outside.innerText(), /dee@yahoo\.com would be invited as Workspace Member with Tracking Plan Read-only\./);
  assert.equal(await logLength(), base, 'nothing sent while the prompt asks');
  await outside.getByRole('button', { name: 'Cancel' }).click();
  await outside.waitFor({ state: 'detached' });
  assert.equal(await logLength(), base, 'Cancel sent nothing');

  // Enter again, and this time going on: the form submits once, as the prompt showed it.
  await email.press('Enter');
  await outside.waitFor({ timeout: 10000 });
  assert.match(await outside.innerText(), /dee@yahoo\.com would be invited as Workspace Member with Tracking Plan Read-only\./);
  await outside.getByRole('button', { name: 'Send anyway' }).click();
  await page.waitForFunction(() => window.__replica.state().invites.some((i) => i.email === 'dee@yahoo.com'));
  await email.waitFor({ state: 'detached' });
  const sent = changes(await replicaState(page)).slice(base).map(({ kind, emails, owner, roles }) => ({ kind, emails, owner, roles }));
  assert.deepEqual(sent, [{ kind: 'invite', emails: ['dee@yahoo.com'], owner: false, roles: [{ role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } }] }],
    'exactly what the prompt showed, once');

  // A bulk run through the same <form>: its submissions (outside the domain, ticked in its
  // preview) are vetted one by one and pass without a prompt.
  const rows = ['eve@yahoo.com', 'fin@agency.dev'];
  const { panel, root } = await openBulk(page);
  await pasteAndPreview(panel, root, rows.join('\n'), { ready: 2 });
  await setChunk(panel, 1);
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await waitForState(root, ['done'], 120000);
  assert.equal(await page.getByRole('alertdialog').count(), 0, "the run's own submissions are not prompted");
  assert.deepEqual(invites({ log: changes(await replicaState(page)).slice(base + 1) }).map((i) => i.email), rows);
  await page.close();
});

test('options page: the learned domains are shown and editable per workspace; each prompt has its own switch, which warns when off', { timeout: 120000 }, async () => {
  // The page learns the workspace's domains when it reads the members.
  const page = await openReplica(browser.context, { ...BASE, csp: 'none' });
  await guardReady(page);
  const worker = await extensionWorker(browser.context);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
  const section = options.getByRole('region', { name: 'Safety prompts' });
  const group = section.getByRole('group', { name: 'kicksco' });
  await group.waitFor({ timeout: 30000 });
  assert.match(await group.innerText(), /Learned from its members: kicksco\.io\./);
  const field = group.getByRole('textbox', { name: 'Domains of kicksco' });
  assert.equal(await field.inputValue(), 'kicksco.io');

  await field.fill('kicksco io');
  await group.getByRole('button', { name: 'Save domains' }).click();
  await group.getByText(/Not saved: .kicksco. is not a domain/).waitFor();
  assert.equal(await storedItem(worker, 'settings:domains:kicksco'), undefined, 'nothing stored from a bad list');
  await field.fill('kicksco.io, @Kicksco.DE');
  await group.getByRole('button', { name: 'Save domains' }).click();
  await group.getByText('Saved: kicksco.io, kicksco.de.').waitFor();
  assert.deepEqual(await storedItem(worker, 'settings:domains:kicksco'), ['kicksco.io', 'kicksco.de'], 'stored before it says so');
  await group.getByRole('button', { name: 'Use the learned domains' }).click();
  await group.getByText('The learned domains are used.').waitFor();
  assert.equal(await storedItem(worker, 'settings:domains:kicksco'), undefined);

  for (const [name, slug] of [['Mistyped domains', 'typos'], ['Outside your domains', 'outside-domains'], ['New Workspace Owners', 'new-owners'], ['Demoting yourself', 'self-demotion']]) {
    const sw = section.getByRole('switch', { name });
    assert.equal(await sw.isChecked(), true, `${name} is on by default`);
    await sw.uncheck();
    await section.getByRole('alert').filter({ hasText: `${name} is off.` }).waitFor();
    await waitForStored(worker, `settings:safety-${slug}`, (v) => v === false, 'false');
    await sw.check();
    assert.equal(await section.getByRole('alert').filter({ hasText: `${name} is off.` }).count(), 0);
    await waitForStored(worker, `settings:safety-${slug}`, (v) => v === true, 'true');
  }
  await options.close();
  await page.close();
});

test('a form that changes while the prompt asks (CSP none): "Send anyway" sends nothing and asks again with the new content, also when it raises no concern any more; going on sends exactly that, once', { timeout: 240000 }, async () => {
  const page = await openReplica(browser.context, { ...BASE, csp: 'none', era: '2020' });
  await guardReady(page);
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  const send = page.getByRole('button', { name: 'Send Invite', exact: true });
  const logLength = async () => changes(await replicaState(page)).length;
  const base = await logLength();
  const change = (c) => page.evaluate((x) => window.__replica.changeInviteForm(x), c);
  const sent = async () => changes(await replicaState(page)).slice(base).map(({ kind, emails, owner, roles }) => ({ kind, emails, owner, roles }));
  const TRACKING = [{ role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } }];

  // Prompt up for one outside address; meanwhile the page adds another to the field.
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  await email.fill('bo@yahoo.com');
  await pickRole(page, 'Tracking Plan Read-only', 'checkbox');
  await send.click();
  const outside = prompt(page, /outside your domains/);
  await outside.waitFor({ timeout: 10000 });
  assert.equal(await change({ email: 'bo@yahoo.com, cy@gmail.com' }), true);
  await outside.getByRole('button', { name: 'Send anyway' }).click();
  const changed = prompt(page, 'The invite form changed while you were asked');
  await changed.waitFor({ timeout: 10000 });
  let said = await changed.innerText();
  assert.match(said, /Since you were asked, cy@gmail\.com was added\. Nothing was sent/);
  assert.match(said, /bo@yahoo\.com and cy@gmail\.com would be invited as Workspace Member with Tracking Plan Read-only\./);
  assert.match(said, /Outside kicksco\.io: bo@yahoo\.com and cy@gmail\.com would be invited/);
  assert.deepEqual(await sent(), [], 'nothing was sent that the prompt did not show');

  // Asked again, the page changes the roles too: asked once more, naming that.
  assert.equal(await change({ roles: [] }), true);
  await changed.getByRole('button', { name: 'Send anyway' }).click();
  await changed.getByText(/Since you were asked, the roles changed\./).waitFor({ timeout: 10000 });
  said = await changed.innerText();
  assert.match(said, /bo@yahoo\.com and cy@gmail\.com would be invited as Workspace Member, with no other role\./);
  assert.deepEqual(await sent(), []);

  // Now the form holds still: going on sends exactly what this prompt shows, once.
  await changed.getByRole('button', { name: 'Send anyway' }).click();
  await page.waitForFunction(() => window.__replica.state().invites.some((i) => i.email === 'cy@gmail.com'));
  await email.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('alertdialog').count(), 0);
  assert.deepEqual(await sent(), [{ kind: 'invite', emails: ['bo@yahoo.com', 'cy@gmail.com'], owner: false, roles: [] }]);

  // The form changes to something no prompt fears: still not sent silently — shown, with "Send".
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  await email.fill('dee@yahoo.com');
  await send.click();
  await outside.waitFor({ timeout: 10000 });
  await change({ email: 'eve@kicksco.io', roles: TRACKING });
  await outside.getByRole('button', { name: 'Send anyway' }).click();
  await changed.waitFor({ timeout: 10000 });
  said = await changed.innerText();
  assert.match(said, /eve@kicksco\.io was added, dee@yahoo\.com was removed and the roles changed\./);
  assert.match(said, /eve@kicksco\.io would be invited as Workspace Member with Tracking Plan Read-only\./);
  assert.doesNotMatch(said, /Outside/);
  assert.equal(await logLength(), base + 1, 'nothing more was sent');
  await changed.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForFunction(() => window.__replica.state().invites.some((i) => i.email === 'eve@kicksco.io'));
  await email.waitFor({ state: 'detached' });
  assert.deepEqual((await sent()).slice(1), [{ kind: 'invite', emails: ['eve@kicksco.io'], owner: false, roles: TRACKING }]);
  await page.close();
});

// The invite form's prompts live in the feature module (src/ui/guard/invite.rs), which the core
// loads when the form opens. A submission that comes first is held, not sent: the DevTools Fetch
// domain holds (or fails) the module's requests, so nothing here is timed.

test('the invite form before its prompts are loaded (CSP none, 2020 era): a mistyped address is held until they are, then asked about; if they cannot load, the invite goes as typed', { timeout: 240000 }, async () => {
  const page = await browser.context.newPage();
  const module = await interceptExtension(page, 'core/tabs-*');
  await gotoReplica(page, { ...BASE, csp: 'none', era: '2020' });
  await guardReady(page);
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  const send = page.getByRole('button', { name: 'Send Invite', exact: true });
  const logLength = async () => changes(await replicaState(page)).length;
  const base = await logLength();
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  await email.fill('ana@kicksco.co');
  for (let i = 0; i < 600 && module.held.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(module.held.length > 0, 'the open form asked for the feature module');
  await send.click();
  assert.equal(await page.getByRole('alertdialog').count(), 0, 'nothing to ask with yet');
  assert.equal(await logLength(), base, 'held: nothing sent before the prompts judged it');
  await module.release();
  const typo = prompt(page, /domain looks mistyped/);
  await typo.waitFor({ timeout: 30000 });
  assert.match(await typo.innerText(), /ana@kicksco\.co → did you mean ana@kicksco\.io\?/);
  await typo.getByRole('button', { name: 'Cancel' }).click();
  await typo.waitFor({ state: 'detached' });
  // Had the held click gone through, the page would have sent it (and closed the form).
  assert.equal(await logLength(), base, 'Cancel sent nothing, and nothing was sent before');
  await module.detach();
  await page.close();

  // The module cannot load: the prompts cannot judge, the invite goes as the person sent it.
  const failing = await browser.context.newPage();
  const gone = await interceptExtension(failing, 'core/tabs-*', 'fail');
  await gotoReplica(failing, { ...BASE, csp: 'none', era: '2020' });
  await guardReady(failing);
  await failing.getByRole('button', { name: 'Invite Team Member' }).click();
  await failing.getByRole('textbox', { name: 'Email', exact: true }).fill('bo@kicksco.co');
  await failing.getByRole('button', { name: 'Send Invite', exact: true }).click();
  await failing.waitForFunction(() => window.__replica.state().invites.some((i) => i.email === 'bo@kicksco.co'), null, { timeout: 30000 });
  assert.equal(await failing.getByRole('alertdialog').count(), 0);
  await gone.detach();
  await failing.close();
});
