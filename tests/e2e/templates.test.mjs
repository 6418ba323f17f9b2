// Role templates end to end: the built extension on the replica (both label eras) and its
// options page. What was sent is read from the replica's log, never from our own UI.
//   node --test tests/e2e/templates.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { EXT, launch, sentPastSafety, openReplica, replicaState, screenshot, extensionWorker } from './harness.mjs';
import { isScoped } from '../../www/src/roles.js';

const FAST = { latency: 40 };
let browser;
let worker;
let extId;

before(async () => {
  browser = await launch({ extensionDir: EXT });
  worker = await extensionWorker(browser.context);
  extId = new URL(worker.url()).host;
});
after(async () => { await browser?.close(); });

// ---- storage, as the extension sees it (read through the extension's own worker) ----
const clearStorage = () => worker.evaluate(() => Promise.all([chrome.storage.sync.clear(), chrome.storage.local.clear()]));
const syncItems = () => worker.evaluate(() => chrome.storage.sync.get(null));
const templatesByName = async () => {
  const items = await syncItems();
  return Object.fromEntries(Object.entries(items).filter(([k]) => k.startsWith('tpl:')).map(([, v]) => [v.name, v]));
};
// Compare libraries without ids (ids are per browser).
const withoutIds = (byName) => Object.fromEntries(Object.entries(byName).map(([n, { id, ...rest }]) => [n, rest]).sort());

// ---- the replica's invite form, as a person uses it ----
const submitName = (era) => (era === '2020' ? 'Send Invite' : 'Invite');
const emailInput = (page) => page.getByPlaceholder('e.g. johnsmith@gmail.com');
const templateSelect = (page) => page.getByRole('combobox', { name: 'Apply template' });
const report = (page) => page.getByRole('status', { name: 'Template result' });
// Evergreen dialogs have no accessible name: find them by their h4 title.
const sourcesDialog = (page) => page.locator('[role=dialog]', { has: page.locator('h4', { hasText: 'Select Sources' }) });

async function openPage(opts) {
  const page = await openReplica(browser.context, { ...FAST, ...opts });
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => console.error('pageerror', String(e)));
  await page.getByRole('button', { name: 'Access Kit', exact: true }).waitFor();
  return page;
}

async function openForm(page) {
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  await emailInput(page).waitFor();
  await templateSelect(page).waitFor();
}

async function applyTemplate(page, name) {
  const select = templateSelect(page);
  await select.locator('option', { hasText: name }).first().waitFor({ state: 'attached' });
  await select.selectOption({ label: name });
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await report(page).getByText(`Applied "${name}"`).waitFor({ timeout: 30000 });
  // The control is idle again (it never submits by itself).
  await page.getByRole('button', { name: 'Apply', exact: true }).and(page.locator(':enabled')).waitFor();
}

async function submit(page, era, email) {
  const n = (await replicaState(page)).log.length;
  await emailInput(page).click();
  await page.keyboard.type(email);
  // The Access Kit launcher floats over the sheet's footer at this window size, so the
  // person reaches the button with the keyboard.
  await page.getByRole('button', { name: submitName(era), exact: true }).focus();
  await page.keyboard.press('Enter');
  await sentPastSafety(page, n);
  const entry = (await replicaState(page)).log.at(-1);
  await emailInput(page).waitFor({ state: 'detached' });
  return entry;
}

// What the replica should log for a stored template: the page scopes only some roles (roles.js);
// for the others "all, no labels" is what the page grants without a picker.
function expectedGrants(tpl) {
  if (tpl.workspace === 'owner') return { owner: true, roles: [] };
  const roles = (tpl.roles || []).map(({ role, scope }) => {
    if (!isScoped(role) && (!scope || scope.kind === 'unscoped' || (scope.kind === 'all' && !(scope.labels || []).length))) {
      return { role, scope: { kind: 'unscoped' } };
    }
    if (!scope || scope.kind === 'all') return { role, scope: { kind: 'all', labels: [...(scope?.labels || [])].sort() } };
    return { role, scope: { kind: 'specific', resources: [...scope.resources].sort() } };
  });
  return { owner: false, roles: roles.sort((a, b) => a.role.localeCompare(b.role)) };
}
function logged(entry) {
  const roles = entry.roles.map(({ role, scope }) => ({
    role,
    scope: scope.kind === 'all' ? { kind: 'all', labels: [...scope.labels].sort() }
      : scope.kind === 'specific' ? { kind: 'specific', resources: [...scope.resources].sort() } : scope,
  }));
  return { owner: entry.owner, roles: roles.sort((a, b) => a.role.localeCompare(b.role)) };
}

for (const [era, csp, form] of [['2019', 'none', 'sheet'], ['2020', 'strict', 'dialog']]) {
  test(`example templates apply exactly in the native form and are what gets sent (era ${era}, CSP ${csp}, ${form})`, async () => {
    await clearStorage();
    const page = await openPage({ era, csp, form });
    // First use seeds the three examples into synced storage: here the template control's first
    // showing (the feature module loads when the page's invite form first opens).
    await openForm(page);
    let seeds = {};
    for (let i = 0; i < 50 && Object.keys(seeds).length < 3; i++) {
      await page.waitForTimeout(100);
      seeds = await templatesByName();
    }
    assert.deepEqual(Object.keys(seeds).sort(), ['Analyst', 'Engineer', 'Workspace Owner']);

    // Each form: apply the templates in order, send; only the last one's roles may go out.
    const sequences = [
      ['Analyst'],
      ['Analyst', 'Engineer'],
      ['Engineer', 'Workspace Owner'],
      ['Engineer', 'Workspace Owner', 'Analyst'],
    ];
    for (const [i, seq] of sequences.entries()) {
      if (i > 0) await openForm(page);
      for (const name of seq) await applyTemplate(page, name);
      const last = seq.at(-1);
      if (i === 1) await screenshot(page, `templates-applied-${era}`);
      const entry = await submit(page, era, `tpl.${era}.${i}@example.com`);
      assert.equal(entry.kind, 'invite', `${seq.join(' → ')}: ${entry.error || ''}`);
      assert.deepEqual(entry.emails, [`tpl.${era}.${i}@example.com`]);
      assert.deepEqual(logged(entry), expectedGrants(seeds[last]), seq.join(' → '));
    }
    await page.close();
  });
}

test('a template naming a missing source reports it and leaves the form fixable', async () => {
  await clearStorage();
  await worker.evaluate(() => chrome.storage.sync.set({
    'templates:seeded': true,
    'tpl:tmissing': { name: 'Missing source', workspace: 'member', roles: [
      { role: 'Source Admin', scope: { kind: 'specific', resources: ['Prod Web', 'No Such Source'] } },
      // A Team-plan workspace offers Source Admin only.
      { role: 'Tracking Plan Read-only' },
    ] },
  }));
  const page = await openPage({ plan: 'team' });
  await openForm(page);
  await applyTemplate(page, 'Missing source');
  const alert = report(page).getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Source Admin: source "No Such Source" does not exist/);
  assert.match(await alert.innerText(), /Tracking Plan Read-only: this role is not offered here/);
  assert.doesNotMatch(await alert.innerText(), /Prod Web/);
  // No dialog left open, nothing sent, what exists is set: the person can review and send.
  assert.equal(await sourcesDialog(page).count(), 0);
  assert.equal((await replicaState(page)).log.length, 0);
  await page.locator('[data-scope-box="Source Admin"]').getByText('Prod Web').waitFor();
  await screenshot(page, 'templates-missing-source');
  const entry = await submit(page, '2019', 'fixable@example.com');
  assert.equal(entry.kind, 'invite');
  assert.deepEqual(logged(entry), {
    owner: false,
    roles: [
      { role: 'Source Admin', scope: { kind: 'specific', resources: ['Prod Web'] } },
    ],
  });
  await page.close();
});

test('"Save as template" saves what a person set by hand in the form', async () => {
  await clearStorage();
  const page = await openPage({});
  await openForm(page);
  // By hand: Source Admin on two specific sources, Tracking Plan Admin.
  const tick = (name) => page.locator('label', { has: page.locator('input[type=checkbox]') }).filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).click();
  await tick('Source Admin');
  await page.locator('[data-scope-box="Source Admin"]').getByText('Edit Sources').click();
  const d = sourcesDialog(page);
  await d.locator('label', { hasText: 'Specific Sources:' }).click();
  await d.locator('[data-source="Prod iOS"] label').click();
  await d.locator('[data-source="Dev Android"] label').click();
  await d.getByRole('button', { name: 'Save' }).click();
  await d.waitFor({ state: 'detached' });
  await tick('Tracking Plan Admin');

  await page.getByRole('button', { name: 'Save as template' }).click();
  await page.getByRole('textbox', { name: 'Template name' }).fill('Hand made');
  await page.getByRole('button', { name: 'Save template' }).click();
  await report(page).getByText('Saved template "Hand made"').waitFor();
  assert.deepEqual((await templatesByName())['Hand made'], {
    name: 'Hand made',
    workspace: 'member',
    roles: [
      { role: 'Source Admin', scope: { kind: 'specific', resources: ['Dev Android', 'Prod iOS'] } },
      { role: 'Tracking Plan Admin' },
    ],
  });
  // Reading the roles left the form as it was, and sent nothing.
  assert.equal((await replicaState(page)).log.length, 0);
  assert.equal(await sourcesDialog(page).count(), 0);
  await templateSelect(page).locator('option', { hasText: 'Hand made' }).waitFor({ state: 'attached' });
  const entry = await submit(page, '2019', 'by.hand@example.com');
  assert.deepEqual(logged(entry), expectedGrants((await templatesByName())['Hand made']));
  await page.close();
});

test('a template too large to sync is kept locally, and the page names it', async () => {
  await clearStorage();
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${extId}/options.html`);
  await options.getByRole('table', { name: 'Templates' }).getByText('Analyst').waitFor();
  const resources = Array.from({ length: 400 }, (_, i) => `Prod Source number ${i}`);
  const file = { schema: 'segment-access-kit.templates', version: 1, templates: [
    { name: 'Huge', workspace: 'member', roles: [{ role: 'Source Admin', scope: { kind: 'specific', resources } }] },
  ] };
  await options.setInputFiles('#tpl-import', { name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  const status = options.getByRole('status', { name: 'Templates status' });
  await status.getByText('Imported huge.json: 1 added, 0 replaced.').waitFor();
  assert.match(await status.getByRole('alert').innerText(), /kept in this browser only \(not synced\): template "Huge" takes \d+ bytes; a synced item may take at most 8192/);
  const local = await worker.evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(local['templates:local'].map((t) => t.name), ['Analyst', 'Engineer', 'Workspace Owner', 'Huge']);
  // Synced storage was left as it was (the other browsers keep the last library that fitted).
  assert.deepEqual(Object.keys(await templatesByName()).sort(), ['Analyst', 'Engineer', 'Workspace Owner']);

  // Deleting it brings the library back to synced storage.
  await options.getByRole('button', { name: 'Delete Huge' }).click();
  await options.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await status.getByText('Deleted "Huge".').waitFor();
  await options.getByText('Templates are stored in your browser\'s synced storage.').waitFor();
  assert.equal((await worker.evaluate(() => chrome.storage.local.get(null)))['templates:local'], undefined);
  await options.close();
});

test('a template created in the options page shows up in an open Segment tab without reload', async () => {
  await clearStorage();
  const page = await openPage({ era: '2020' });
  await openForm(page);
  await templateSelect(page).locator('option', { hasText: 'Analyst' }).waitFor({ state: 'attached' });
  const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);

  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${extId}/options.html`);
  await options.getByRole('button', { name: 'New template' }).click();
  await options.getByLabel('Name', { exact: true }).fill('QA Reader');
  await options.getByLabel('Description (optional)').fill('Reads two sources.');
  await options.getByRole('checkbox', { name: 'Source Read-only' }).check();
  await options.getByRole('combobox', { name: 'Source Read-only scope' }).selectOption({ label: 'Specific sources by name' });
  await options.getByRole('textbox', { name: 'Source Read-only sources' }).fill('Prod iOS\nDev Android');
  await options.getByRole('checkbox', { name: 'Tracking Plan Read-only' }).check();
  await options.getByRole('button', { name: 'Save template' }).click();
  await options.getByRole('status', { name: 'Templates status' }).getByText('Created "QA Reader".').waitFor();
  await options.getByRole('table', { name: 'Templates' }).getByText('QA Reader').waitFor();

  // The open tab's form control and panel list both have it; the tab never reloaded.
  await templateSelect(page).locator('option', { hasText: 'QA Reader' }).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Access Kit', exact: true }).click();
  await page.getByRole('tab', { name: 'Templates' }).click();
  await page.getByRole('table', { name: 'Role templates' }).getByText('QA Reader').waitFor();
  assert.match(await page.getByRole('table', { name: 'Role templates' }).innerText(), /Source Read-only \(specific: Dev Android, Prod iOS\)/);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), loads);
  await page.getByRole('button', { name: 'Close Access Kit' }).click();

  await applyTemplate(page, 'QA Reader');
  const entry = await submit(page, '2020', 'qa.reader@example.com');
  assert.deepEqual(logged(entry), expectedGrants((await templatesByName())['QA Reader']));
  assert.deepEqual(logged(entry).roles.map((r) => r.role), ['Source Read-only', 'Tracking Plan Read-only']);
  await options.close();
  await page.close();
});

test('import of a malformed file reports every problem and changes nothing', async () => {
  await clearStorage();
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${extId}/options.html`);
  await options.getByRole('table', { name: 'Templates' }).getByText('Analyst').waitFor();
  const before = await syncItems();
  const bad = {
    schema: 'segment-access-kit.templates',
    version: 1,
    templates: [
      { name: 'Fine', workspace: 'member', roles: [{ role: 'Source Admin' }] },
      { name: '', workspace: 'boss' },
      { name: 'Bad scope', workspace: 'member', roles: [
        { role: 'Source Admin', scope: { kind: 'all', labels: ['env prod'] } },
        { role: 'Chief of Everything' },
        { role: 'Tracking Plan Admin', scope: { kind: 'specific', resources: ['Prod Web'] } },
      ] },
      { name: 'Owner plus', workspace: 'owner', roles: [{ role: 'Source Admin' }], rolse: [] },
      { name: 'fine', workspace: 'member' },
    ],
  };
  await options.setInputFiles('#tpl-import', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const alert = options.getByRole('status', { name: 'Templates status' }).getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /Nothing was imported from bad\.json/);
  for (const p of [
    'templates[1].name', 'templates[1].workspace', 'templates[2].roles[0].scope.labels[0]',
    'templates[2].roles[1].role', 'templates[2].roles[2].scope', 'templates[3].rolse', 'templates[3].roles', 'templates[4].name',
  ]) {
    assert.ok(text.includes(`${p}:`), `reports ${p}:\n${text}`);
  }
  assert.deepEqual(await syncItems(), before);
  assert.equal(await options.getByRole('table', { name: 'Templates' }).getByText('Fine', { exact: true }).count(), 0);

  // Not JSON at all: one clear message, still nothing changed.
  await options.setInputFiles('#tpl-import', { name: 'notjson.json', mimeType: 'application/json', buffer: Buffer.from('{"schema": ') });
  await options.getByRole('status', { name: 'Templates status' }).getByText(/not valid JSON/).waitFor();
  // Where, worded alike in every browser (JSON.parse's own message names no place here).
  assert.match(await options.getByRole('status', { name: 'Templates status' }).innerText(),
    /not valid JSON \(line 1, column 12\): EOF while parsing a value/);
  await options.setInputFiles('#tpl-import', { name: 'typo.json', mimeType: 'application/json',
    buffer: Buffer.from('{"schema": "segment-access-kit.templates",\n "version": 1, "templates": [x]}') });
  await options.getByRole('status', { name: 'Templates status' }).getByText(/\(line 2, column 30\): expected value/).waitFor();
  assert.deepEqual(await syncItems(), before);
  await options.close();
});

test('export then import round-trips the library', async () => {
  await clearStorage();
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${extId}/options.html`);
  const table = options.getByRole('table', { name: 'Templates' });
  await table.getByText('Analyst').waitFor();
  const original = withoutIds(await templatesByName());

  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: 'Export all' }).click(),
  ]);
  const file = await download.path();
  // The seed library's export, byte for byte as the native build (serde_json) writes it.
  const pinned = new URL('../../src/core/template_io/fixtures/export-seeds.json', import.meta.url);
  assert.equal(fs.readFileSync(file, 'utf8'), fs.readFileSync(pinned, 'utf8'));
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(exported.schema, 'segment-access-kit.templates');
  assert.equal(exported.version, 1);
  assert.deepEqual(exported.templates.map((t) => t.name).sort(), Object.keys(original).sort());

  // Change the library: delete one (with confirmation), rename another.
  await options.getByRole('button', { name: 'Delete Engineer' }).click();
  const confirm = options.getByRole('alertdialog', { name: 'Delete template "Engineer"?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await table.getByText('Engineer').waitFor({ state: 'detached' });
  await options.getByRole('button', { name: 'Rename Analyst' }).click();
  await options.getByRole('textbox', { name: 'New name for Analyst' }).fill('Analyst (old)');
  await options.getByRole('button', { name: 'Save name' }).click();
  await table.getByText('Analyst (old)').waitFor();

  await options.getByLabel('When a name already exists:').selectOption('replace');
  await options.setInputFiles('#tpl-import', file);
  await options.getByRole('status', { name: 'Templates status' }).getByText(/Imported .*: 2 added, 1 replaced\./).waitFor();
  const after = withoutIds(await templatesByName());
  delete after['Analyst (old)'];
  assert.deepEqual(after, original);
  await options.close();
});
