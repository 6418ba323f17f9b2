// The scripted tour shown by `./build.sh demo` when there is no display:
// each feature once, on the replica, with a screenshot at each step (the README's pictures),
// then the options page and the toolbar popup.
import path from 'node:path';
import { gotoReplica } from './e2e/harness.mjs';

const CSV = [
  'email,role,roles,sources,labels',
  'ana.lytics@example.com,Workspace Member,Source Read-only;Tracking Plan Read-only,,environment:prod',
  'ben.uilder@example.com,Workspace Member,Source Admin,Prod iOS;Prod Web,',
  'cara.ops@example.com,Workspace Member,Source Read-only;Tracking Plan Read-only,,environment:prod',
  'dee.owner@example.com,Workspace Owner,,,',
  'not-an-email,Workspace Member,Source Admin,,',
  'ana.lytics@example.com,Workspace Member,Source Admin,,',
  'eve@example.com,Workspace Member,Protocols Read-only,,',
  'fay@example.com,Workspace Member,Warp Drive Admin,,',
].join('\n');

export async function tour(page, out, { context, extId, worker }) {
  const shots = [];
  const shot = async (name) => {
    const file = path.join(out, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  const launcher = page.getByRole('button', { name: 'Access Kit', exact: true });
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await launcher.waitFor();

  // 1. Bulk invite: paste, preview, run, results.
  await launcher.click();
  await panel.getByRole('tab', { name: 'Bulk invite' }).click();
  await panel.getByRole('textbox', { name: 'Emails or CSV' }).fill(CSV);
  await shot('01-panel');
  await panel.getByRole('button', { name: 'Preview' }).click();
  await panel.locator('[data-run-state="previewed"]').waitFor({ timeout: 60000 });
  await shot('02-bulk-preview');
  // The safety checks: the rows are outside the replica's domain, one makes an owner.
  for (const tick of await panel.getByRole('region', { name: 'Safety checks' }).getByRole('checkbox').all()) await tick.check();
  await panel.getByRole('button', { name: 'Start' }).click();
  await panel.locator('[data-run-state="done"]').waitFor({ timeout: 120000 });
  await shot('03-bulk-results');
  await launcher.click();

  // 2. Role templates, inside the page's own invite form (once the run's
  // toasts have faded, so the picture shows the form).
  await page.waitForFunction(() => !document.querySelector('[data-evergreen-toaster-container] [role=alert]'), null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  const select = page.getByRole('combobox', { name: 'Apply template' });
  await select.locator('option', { hasText: 'Analyst' }).first().waitFor({ state: 'attached' });
  await select.selectOption({ label: 'Analyst' });
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.getByRole('status', { name: 'Template result' }).getByText('Applied "Analyst"').waitFor({ timeout: 30000 });
  await shot('04-template-applied');
  await page.getByRole('button', { name: 'Cancel', exact: true }).last().click();

  // 3. "Check this page".
  await launcher.click();
  await panel.getByRole('tab', { name: 'Check page' }).click();
  await panel.getByRole('button', { name: 'Check this page' }).click();
  await panel.locator('[data-problems]').waitFor({ timeout: 60000 });
  await shot('05-check-page');
  await launcher.click();

  // 4. The last-owner guard, on a workspace with a single owner.
  await gotoReplica(page, { owners: 1, members: 12, latency: 150 });
  await page.locator('#access-kit-host[data-guard="ready"]').waitFor({ state: 'attached' });
  const me = await page.evaluate(() => window.__replica.state().signedIn);
  await page.locator(`[data-evergreen-table-body] [data-email="${me}"]`).click();
  await page.getByRole('button', { name: 'Remove Team Member' }).click();
  await page.getByRole('alertdialog', { name: /last Workspace Owner/ }).waitFor();
  await shot('06-last-owner-guard');
  await page.keyboard.press('Escape');

  // 5. The options page (templates, guard switch, locator profile) and the toolbar popup.
  const options = await context.newPage();
  await options.setViewportSize({ width: 1280, height: 1000 });
  await options.goto(`chrome-extension://${extId}/options.html`);
  await options.locator('[data-access="granted"]').waitFor();
  await options.getByRole('table').first().waitFor();
  await options.screenshot({ path: path.join(out, '07-options.png') });
  shots.push(path.join(out, '07-options.png'));
  const tab = (await worker.evaluate(() => chrome.tabs.query({}))).find((t) => (t.url || '').includes('/settings/access-management')).id;
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 340, height: 300 });
  await popup.goto(`chrome-extension://${extId}/popup.html?tab=${tab}`);
  await popup.locator('[data-place="access-management"]').waitFor();
  await popup.locator('li[data-workspace]').first().waitFor();
  await popup.screenshot({ path: path.join(out, '08-toolbar-popup.png'), fullPage: true });
  shots.push(path.join(out, '08-toolbar-popup.png'));
  return shots;
}
