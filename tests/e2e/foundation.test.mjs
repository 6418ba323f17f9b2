// The built extension, unchanged, starts on the replica served at Segment's real
// address: the launcher appears, says which build runs, and opens its panel —
// with no CSP (wasm) and under a strict CSP that forbids wasm in content scripts (wasm2js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXT, kitReady, launch, openReplica, screenshot } from './harness.mjs';

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

for (const [csp, engine] of [['none', 'wasm'], ['strict', 'wasm2js']]) {
  test(`launcher runs the ${engine} build and opens its panel (CSP: ${csp})`, async () => {
    const page = await openReplica(browser.context, { csp });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const launcher = await kitReady(page);
    assert.equal(await launcher.getAttribute('data-engine'), engine);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');

    await launcher.click();
    const panel = page.getByRole('dialog', { name: 'Access Kit' });
    await panel.waitFor();
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.match(await panel.innerText(), new RegExp(`Engine: ${engine}`));
    // Our UI lives in a shadow root, not in the page's DOM tree.
    assert.equal(await page.evaluate(() => !!document.querySelector('[role=dialog][aria-label="Access Kit"]')), false);
    await screenshot(page, `foundation-${csp}-csp`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the launcher steps aside from page controls under it (the invite sheet\'s submit button)', async () => {
  const page = await openReplica(browser.context, {});
  const launcher = await kitReady(page);
  await page.getByRole('button', { name: 'Invite Team Member' }).click();
  const submit = page.getByRole('button', { name: 'Invite', exact: true });
  // A trial click fails while another element would receive the click.
  await submit.click({ trial: true, timeout: 5000 });
  assert.match(await launcher.getAttribute('class'), /\bleft\b/);
  await page.close();
});
