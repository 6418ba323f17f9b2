// The loader's launcher in Firefox (issue 16): the content script runs in an Xray sandbox there,
// so the shadow root and its constructable stylesheet made by extension/content.js are checked
// here as in Chromium (tests/e2e/footprint.test.mjs holds the core back there; here nothing holds
// it, so what is checked is the first launcher the page ever sees). A main-world observer records
// that first button as the page sees it: drawn by the loader (no `data-engine` yet, as the core's
// module is still loading), styled by the loader's sheet (fixed in the corner, under a strict CSP
// too); then the core takes that same button over and the panel opens from it.
//
//   ./build.sh build && node --test tests/e2e-firefox/ready.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox, firefoxPackage, launcher, click, attr, until } from './harness.mjs';
import { replicaUrl } from '../e2e/harness.mjs';

const EXT = process.env.AK_FIREFOX_EXTENSION || firefoxPackage();

let ff;
before(async () => { ff = await launchFirefox({ extension: EXT }); });
after(async () => { await ff?.close(); });

const FIRST_LAUNCHER = `(() => {
  const o = new MutationObserver(() => {
    const b = document.getElementById('access-kit-host')?.shadowRoot?.querySelector('button.launcher');
    if (!b) return;
    o.disconnect();
    const s = getComputedStyle(b);
    window.__firstLauncher = { el: b, engine: b.getAttribute('data-engine'), position: s.position, radius: s.borderTopLeftRadius };
  });
  o.observe(document, { childList: true, subtree: true });
})();`;

// Firefox does not apply the page's CSP to wasm compiled in a content script: wasm under both.
for (const csp of ['none', 'strict']) {
  test(`Firefox: the loader draws the styled launcher, the core takes it over (CSP ${csp})`, { timeout: 120000 }, async () => {
    const page = await ff.newPage();
    await page.evaluateOnNewDocument(FIRST_LAUNCHER);
    await page.goto(replicaUrl({ csp }));
    const l = await launcher(page);
    await until(page, () => document.getElementById('access-kit-host').shadowRoot.querySelector('button.launcher[data-engine]'), null,
      { what: 'the core to take the launcher over' });
    const first = await page.evaluate(() => {
      const f = window.__firstLauncher;
      const now = document.getElementById('access-kit-host').shadowRoot.querySelectorAll('button.launcher');
      return f && { engine: f.engine, position: f.position, radius: f.radius, same: now.length === 1 && now[0] === f.el };
    });
    assert.deepEqual(first, { engine: null, position: 'fixed', radius: '20px', same: true });
    assert.equal(await attr(l, 'data-engine'), 'wasm');
    await click(page, l);
    await until(page, () => document.getElementById('access-kit-host').shadowRoot.querySelector('[role=dialog]:not([hidden])'), null,
      { what: 'the panel to open' });
    await page.close();
  });
}
