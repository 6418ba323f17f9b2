// Tests of the replica itself (no extension), with real Playwright clicks and typing.
//   node --test tests/e2e/replica.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openReplica, replicaState, screenshot } from './harness.mjs';

let ctx;
before(async () => { ctx = await launch(); });
after(async () => { await ctx?.close(); });

const FAST = { latency: 40 };

async function open(opts) {
  const page = await openReplica(ctx.context, { ...FAST, ...opts });
  page.setDefaultTimeout(8000);
  page.on("pageerror", (e) => console.error("pageerror", e));
  return page;
}

// ---- small page helpers (role/text based, like the extension would) ----
const inviteButton = (page) => page.getByRole('button', { name: 'Invite Team Member' });
const emailInput = (page) => page.getByPlaceholder('e.g. johnsmith@gmail.com');
const submitButton = (page, era = '2019') => page.getByRole('button', { name: era === '2020' ? 'Send Invite' : 'Invite', exact: true });
const toast = (page, text) => page.locator('[data-evergreen-toaster-container] [role=alert]', { hasText: text });
const dialog = (page, title) => page.locator('[role=dialog]', { has: page.locator('h4', { hasText: title }) });

// Evergreen hides the native checkbox/radio (1px, opacity 0) under a styled box that intercepts
// pointer events, so Playwright's .check() on the input times out: click the <label> instead.
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
async function tick(scope, name, type = 'checkbox') {
  const pg = typeof scope.page === 'function' ? scope.page() : scope;
  const label = scope.locator('label', { has: pg.locator(`input[type=${type}]`) }).filter({ hasText: new RegExp(`^\\s*${escapeRe(name)}\\s*$`) });
  const input = label.locator(`input[type=${type}]`);
  if (!(await input.isChecked())) await label.click();
  assert.equal(await input.isChecked(), true, `${type} ${name} checked`);
}

async function openInviteForm(page) {
  await inviteButton(page).click();
  await emailInput(page).waitFor();
}

async function editSources(page, role) {
  await page.locator(`[data-scope-box="${role}"]`).getByText('Edit Sources').click();
  const d = dialog(page, 'Select Sources');
  await d.waitFor();
  await d.getByText(`Assign ${role} access to:`).waitFor();
  return d;
}

async function submitInvite(page, era) {
  await submitButton(page, era).click();
}

async function waitLog(page, n) {
  await page.waitForFunction((n) => window.__replica.state().log.length >= n, n);
  return replicaState(page);
}

test('comma-separated invite with Member + specific-source Source Read-only + label-scoped Source Admin', async () => {
  const page = await open({});
  const before = await replicaState(page);
  await openInviteForm(page);
  await emailInput(page).click();
  await page.keyboard.type('new.one@example.com, new.two@example.com,new.three@example.com');
  // Workspace Member is the default
  assert.equal(await page.getByRole('radio', { name: 'Workspace Member' }).isChecked(), true);

  // Source Read-only, scoped to two specific sources
  await tick(page, 'Source Read-only');
  let d = await editSources(page, 'Source Read-only');
  await tick(d, 'Specific Sources:', 'radio');
  await d.getByPlaceholder('Filter sources...').fill('Prod');
  await d.locator('[data-source="Prod iOS"] label').click();
  await d.locator('[data-source="Prod Web"] label').click();
  await d.getByRole('button', { name: 'Save' }).click();
  await d.waitFor({ state: 'detached' });
  await page.locator('[data-scope-box="Source Read-only"]').getByText('Prod Web').waitFor();

  // Source Admin, all sources with label environment:prod (virtualized SelectMenu: filter, then click)
  await tick(page, 'Source Admin');
  d = await editSources(page, 'Source Admin');
  await d.getByRole('button', { name: 'Add label' }).click();
  const menu = page.locator('[role=dialog]', { has: page.getByPlaceholder('Filter labels...') });
  await menu.locator('[data-isselectable=true]').first().waitFor();
  const state0 = await replicaState(page);
  const rendered = await menu.locator('[data-isselectable=true]').count();
  assert.ok(rendered < state0.labels.length, `SelectMenu is virtualized (${rendered} of ${state0.labels.length} options in the DOM)`);
  assert.equal(await menu.getByText(state0.labels.at(-1), { exact: true }).count(), 0);
  await menu.getByPlaceholder('Filter labels...').fill('environment:prod');
  await menu.locator('[data-isselectable=true]', { hasText: 'environment:prod' }).click();
  await d.locator('[data-label-chip="environment:prod"]').waitFor();
  await d.getByRole('button', { name: 'Save' }).click();
  await d.waitFor({ state: 'detached' });

  await submitInvite(page);
  await toast(page, 'Invited 3 team members').waitFor();
  await emailInput(page).waitFor({ state: 'detached' });

  const s = await replicaState(page);
  const roles = [
    { role: 'Source Admin', scope: { kind: 'all', labels: ['environment:prod'] } },
    { role: 'Source Read-only', scope: { kind: 'specific', resources: ['Prod iOS', 'Prod Web'] } },
  ];
  const emails = ['new.one@example.com', 'new.two@example.com', 'new.three@example.com'];
  assert.deepEqual(s.invites.slice(before.invites.length), emails.map((email) => ({ email, owner: false, roles })));
  assert.equal(s.members.length, before.members.length);
  const log = s.log.filter((e) => e.kind.startsWith('invite'));
  assert.equal(log.length, 1);
  assert.deepEqual({ ...log[0], t: 0 }, { t: 0, kind: 'invite', emails, owner: false, roles });
  for (const e of emails) {
    const row = page.locator(`[data-evergreen-table-body] [data-email="${e}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /pending/i);
    assert.match(await row.innerText(), /Source Admin \(1 Label\), Source Read-only \(2\)/);
  }
  await page.close();
});

test('assigning input.value without the native setter/event does not register', async () => {
  const page = await open({});
  const before = await replicaState(page);
  await openInviteForm(page);
  await page.evaluate(() => { document.querySelector('input[placeholder="e.g. johnsmith@gmail.com"]').value = 'ghost@example.com'; });
  await submitInvite(page);
  const alert = page.locator('p[role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /at least one email/i);
  const s = await replicaState(page);
  assert.equal(s.invites.length, before.invites.length);
  assert.equal(s.log.at(-1).kind, 'invite_refused');
  assert.deepEqual(s.log.at(-1).emails, []);
  assert.equal(s.log.filter((e) => e.kind === 'invite').length, 0);
  await page.close();
});

test('each refusal appears for its cause and creates nothing', async () => {
  const cases = [
    { name: 'malformed', opts: {}, emails: () => 'ok.person@example.com, not-an-email', inline: /"not-an-email" is not a valid email address/ },
    { name: 'too many', opts: { maxEmails: 2 }, emails: () => 'a1@example.com, a2@example.com, a3@example.com', inline: /at most 2 team members at a time/ },
    { name: 'already member', opts: {}, emails: (s) => `fresh@example.com, ${s.members[1].email}`, toast: (s) => `${s.members[1].email} is already a member of this workspace` },
    { name: 'already invited', opts: {}, emails: (s) => `${s.invites[0].email}`, toast: (s) => `${s.invites[0].email} has already been invited` },
    { name: 'injected failure', opts: { fail: 1 }, emails: () => 'fresh@example.com', toast: () => 'Something went wrong. Please try again.' },
  ];
  const page = await ctx.context.newPage();
  for (const c of cases) {
    const { gotoReplica } = await import('./harness.mjs');
    await gotoReplica(page, { ...FAST, ...c.opts });
    const before = await replicaState(page);
    const text = c.emails(before);
    await openInviteForm(page);
    await emailInput(page).fill(text);
    await submitInvite(page);
    if (c.inline) {
      const alert = page.locator('p[role=alert]');
      await alert.waitFor();
      assert.match(await alert.innerText(), c.inline, c.name);
    } else {
      await toast(page, c.toast(before)).waitFor();
    }
    await waitLog(page, 1);
    const s = await replicaState(page);
    assert.equal(s.invites.length, before.invites.length, c.name);
    assert.equal(s.log.length, 1, c.name);
    assert.equal(s.log[0].kind, 'invite_refused', c.name);
    assert.ok(s.log[0].error, c.name);
    // the form stays open with the input intact, submit button usable again
    assert.equal(await emailInput(page).inputValue(), text, c.name);
    assert.equal(await submitButton(page).isEnabled(), true, c.name);
  }
  await page.close();
});

test('removing and demoting the last owner succeed (2019 side sheet)', async () => {
  // Demote yourself, the only owner.
  let page = await open({ owners: 1, me: 0 });
  let s = await replicaState(page);
  await page.locator(`[data-evergreen-table-body] [data-email="${s.signedIn}"]`).click();
  await page.getByRole('button', { name: 'Remove Team Member' }).waitFor();
  await tick(page, 'Workspace Member', 'radio');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  s = await waitLog(page, 1);
  assert.equal(s.log[0].kind, 'demote');
  assert.equal(s.log[0].email, s.signedIn);
  assert.equal(s.members.filter((m) => m.owner).length, 0);
  await page.close();

  // Remove the only owner (signed in as a member).
  page = await open({ owners: 1, me: 3 });
  s = await replicaState(page);
  const owner = s.members.find((m) => m.owner).email;
  await page.locator(`[data-evergreen-table-body] [data-email="${owner}"]`).getByText('Edit').click();
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  const d = dialog(page, 'Remove Team Member');
  await d.getByText(`Are you sure you want to remove ${owner} from acme?`).waitFor();
  await d.getByRole('button', { name: 'Remove' }).click();
  s = await waitLog(page, 1);
  assert.deepEqual(s.log.map((e) => [e.kind, e.email]), [['remove', owner]]);
  assert.equal(s.members.filter((m) => m.owner).length, 0);
  await page.locator(`[data-email="${owner}"]`).waitFor({ state: 'detached' });
  await page.close();
});

test('era 2020: full-page editor, Delete User, Save Changes', async () => {
  const page = await open({ era: '2020', owners: 1, me: 2 });
  let s = await replicaState(page);
  const owner = s.members[0];
  assert.equal(await page.locator(`[data-email="${owner.email}"]`).getByText('Workspace Owner').count(), 1);
  // demote the last owner through the full-page editor
  await page.locator(`[data-email="${owner.email}"]`).click();
  await page.getByText(`Edit ${owner.name}`).waitFor();
  await page.getByRole('tab', { name: 'Roles' }).waitFor();
  await tick(page, 'Workspace Member', 'radio');
  await tick(page, 'Function Admin');
  await page.getByRole('button', { name: 'Save Changes' }).click();
  s = await waitLog(page, 1);
  assert.deepEqual(s.log[0], { ...s.log[0], kind: 'demote', email: owner.email, owner: false, roles: [{ role: 'Function Admin', scope: { kind: 'unscoped' } }] });
  assert.equal(s.members.filter((m) => m.owner).length, 0);
  // then delete them
  await page.getByRole('button', { name: 'Delete User' }).click();
  const d = dialog(page, 'Delete User');
  await d.getByRole('button', { name: 'Delete' }).click();
  s = await waitLog(page, 2);
  assert.equal(s.log[1].kind, 'remove');
  await page.getByRole('heading', { name: 'Access Management' }).waitFor();
  await page.close();
});

test('pending invite: Edit Invite shows its role editor (Cancel drops it), then Revoke Invite (both eras)', async () => {
  for (const era of ['2019', '2020']) {
    const page = await open({ era, pending: 6 });
    let s = await replicaState(page);
    const invite = s.invites.find((i) => !i.owner && i.roles.length) || s.invites[1];
    const inv = invite.email;
    const row = page.locator(`[data-evergreen-table-body] [data-email="${inv}"]`);
    assert.match(await row.innerText(), era === '2020' ? /invite pending/i : /pending/i);
    await row.click();
    await page.getByText('Invite Pending').last().waitFor();
    await page.getByRole('button', { name: 'Edit Invite' }).click();
    // The invite's exact grants, in the same role editor as a member's; no Save.
    const panel = page.locator('[data-replica=invite-panel]');
    const label = (name) => panel.locator('label', { has: page.locator('input[type=checkbox]') })
      .filter({ hasText: new RegExp(`^\\s*${escapeRe(name)}`) });
    const box = (name) => label(name).locator('input[type=checkbox]');
    assert.equal(await panel.getByRole('radio', { name: /Workspace Member/ }).isChecked(), !invite.owner);
    assert.ok(invite.roles.length > 0, 'an invite with roles');
    for (const g of invite.roles) assert.equal(await box(g.role).isChecked(), true, g.role);
    assert.equal(await panel.getByRole('button', { name: /^Save/ }).count(), 0);
    const had = invite.roles.some((g) => g.role === 'Identity Admin');
    await label('Identity Admin').click();
    assert.equal(await box('Identity Admin').isChecked(), !had);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Edit Invite' }).click();
    assert.equal(await box('Identity Admin').isChecked(), had, 'Cancel dropped the change');
    await page.getByRole('button', { name: 'Revoke Invite' }).click();
    s = await waitLog(page, 1);
    assert.deepEqual(s.log.map((e) => [e.kind, e.email]), [['revoke', inv]]);
    assert.equal(s.invites.some((i) => i.email === inv), false);
    await row.waitFor({ state: 'detached' });
    await page.close();
  }
});

test('both eras and both form kinds open and submit; screenshots', async () => {
  for (const era of ['2019', '2020']) {
    for (const form of ['sheet', 'dialog']) {
      const page = await open({ era, form });
      if (form === 'sheet') await screenshot(page, `replica-table-${era}`, { fullPage: true });
      await openInviteForm(page);
      const container = page.locator('[data-replica=invite-form]');
      if (form === 'dialog') assert.equal(await container.getAttribute('role'), 'dialog');
      else assert.equal(await container.getAttribute('role'), null);
      await emailInput(page).fill(`solo.${era}.${form}@example.com`);
      await tick(page, 'Source Admin');
      await tick(page, 'Tracking Plan Read-only');
      await emailInput(page).evaluate((el) => { // scroll the form back to its top for the picture
        for (let p = el.parentElement; p; p = p.parentElement) if (p.scrollHeight > p.clientHeight) p.scrollTop = 0;
      });
      if (form === 'sheet') await screenshot(page, `replica-invite-${era}`);
      await submitButton(page, era).click();
      await toast(page, 'Invited 1 team member').waitFor();
      const s = await replicaState(page);
      assert.deepEqual(s.invites.at(-1), {
        email: `solo.${era}.${form}@example.com`, owner: false,
        roles: [{ role: 'Source Admin', scope: { kind: 'all', labels: [] } }, { role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } }],
      });
      await page.close();
    }
  }
});

test('pagination: at most 25 rows in the DOM, every member reachable by paging; search filters', async () => {
  const page = await open({ members: 60, pending: 4 });
  const s = await replicaState(page);
  const all = s.members.map((m) => m.email).concat(s.invites.map((i) => i.email));
  const seen = [];
  for (let p = 1; p <= 3; p++) {
    if (p > 1) await page.getByRole('button', { name: `Page ${p}`, exact: true }).click();
    await page.locator(`[data-evergreen-table-body] [data-email="${all[(p - 1) * 25]}"]`).waitFor();
    const emails = await page.locator('[data-evergreen-table-body] [data-email]').evaluateAll((els) => els.map((e) => e.dataset.email));
    assert.ok(emails.length <= 25);
    seen.push(...emails);
  }
  assert.deepEqual(seen, all);
  await page.getByPlaceholder('Search').fill(s.members[42].name);
  await page.locator(`[data-evergreen-table-body] [data-email="${s.members[42].email}"]`).waitFor();
  assert.ok(await page.locator('[data-evergreen-table-body] [data-email]').count() < 25);
  await page.close();
});

test('same seed gives the same data and the same fault sequence', async () => {
  const run = async (seed) => {
    const page = await open({ seed, fail: 0.5, latency: 0, members: 20, pending: 5, sources: 12 });
    await openInviteForm(page);
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      await emailInput(page).fill(`seeded${i}@example.com`);
      await submitInvite(page);
      await waitLog(page, i + 1);
      const kind = (await replicaState(page)).log[i].kind;
      outcomes.push(kind);
      if (kind === 'invite') {
        await emailInput(page).waitFor({ state: 'detached' });
        await openInviteForm(page);
      }
    }
    const s = await replicaState(page);
    await page.close();
    return { data: { ...s, log: [] }, outcomes };
  };
  const a = await run(7), b = await run(7), c = await run(8);
  assert.deepEqual(a.data, b.data);
  assert.deepEqual(a.outcomes, b.outcomes);
  assert.notDeepEqual(a.data.members, c.data.members);
  assert.ok(a.outcomes.includes('invite') && a.outcomes.includes('invite_refused'), `mixed outcomes: ${a.outcomes}`);
});

test('strict CSP: Evergreen styles still apply', async () => {
  const page = await ctx.context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  const { gotoReplica } = await import('./harness.mjs');
  await gotoReplica(page, { csp: 'strict' });
  const bg = await inviteButton(page).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(bg, 'rgb(51, 102, 255)');
  await openInviteForm(page);
  assert.deepEqual(cspErrors, []);
  await page.close();
});
