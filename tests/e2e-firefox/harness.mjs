// Firefox harness: Debian's firefox-esr, headless, driven over WebDriver BiDi by puppeteer-core
// (no browser download), with the built extension installed as a temporary add-on and the replica
// served at Segment's real address by the browser's own request interception.
//
//   import { launchFirefox, openReplica } from './harness.mjs';
//   const ff = await launchFirefox({ extension: 'dist/firefox' });   // a directory or a .zip
//   const page = await openReplica(ff, { csp: 'strict' });   // as the Chromium harness's
//   await ff.close();
//
// Puppeteer's ::-p-aria selectors do not resolve over BiDi in Firefox, so tests find things by
// role and visible text with the small DOM queries below (shadow root included) and act through
// page.mouse / page.keyboard, which BiDi turns into a person's trusted input.
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORIGIN, replicaResponse } from '../../www/routes.mjs';
import { ensureBuilt } from '../e2e/harness.mjs';

// The Chromium harness's replica helpers take anything with newPage() / goto() / waitForSelector()
// / waitForFunction() / evaluate(), which the object launchFirefox returns and Puppeteer's pages have.
export {
  openReplica, gotoReplica, replicaState, parseCsv, checkResent, CHECK_NEEDS_A_SUBMISSION, CHECK_NOT_ON_THIS_PAGE,
} from '../e2e/harness.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIREFOX = process.env.AK_FIREFOX || '/usr/bin/firefox-esr';
export const GECKO_ID = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension', 'manifest.json'), 'utf8'))
  .browser_specific_settings.gecko.id;
// Firefox gives each installed extension a random internal UUID (its moz-extension:// host);
// pinning it through this pref lets tests open the extension's own pages.
export const EXT_UUID = '5e6d1c3a-7b2f-4c8e-9a41-0f3b6d2e8c17';
export const EXT_ORIGIN = `moz-extension://${EXT_UUID}`;

/**
 * Launches headless Firefox ESR and installs the extension (directory or zip) as a temporary
 * add-on. Returns { browser, addonId, newPage(), close() }.
 */
export async function launchFirefox({ extension, prefs = {} } = {}) {
  ensureBuilt();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sak-firefox-'));
  // Downloads land here without a dialog (see download()); outside the profile, which Firefox owns.
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'sak-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1440, height: 900 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXT_UUID }),
      // permissions.request() from a click grants at once instead of showing a doorhanger the
      // headless browser cannot show.
      'extensions.webextOptionalPermissionPrompts': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.panel.shown': true,
      ...prefs,
    },
  });
  let addonId = null;
  if (extension) {
    const abs = path.resolve(extension);
    const { result } = await browser.connection.send('webExtension.install', {
      extensionData: abs.endsWith('.zip') ? { type: 'archivePath', path: abs } : { type: 'path', path: abs },
    });
    addonId = result.extension;
  }
  let closed = false;
  return {
    browser,
    addonId,
    downloads,
    /** A new tab whose requests to app.segment.com are answered by the replica. */
    async newPage() {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        if (req.isInterceptResolutionHandled()) return;
        if (req.url().startsWith(`${ORIGIN}/`)) {
          const { status, headers, body } = replicaResponse(req.method(), req.url());
          req.respond({ status, headers, body }).catch(() => {});
        } else {
          req.continue().catch(() => {});
        }
      });
      page.setDefaultTimeout(30000);
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      await browser.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until fn (run in the page) returns a truthy value and returns it. With `within` (an
 * element handle), fn is called as fn(arg, element).
 */
export async function until(page, fn, arg, { timeout = 30000, what = 'condition', within = null } = {}) {
  try {
    const handle = await page.waitForFunction(fn, { timeout, polling: 100 }, arg, ...(within ? [within] : []));
    return handle.jsonValue();
  } catch (e) {
    throw new Error(`waited ${timeout} ms for ${what}: ${e.message}`);
  }
}

// ---- finding things as a person names them (in the page, and in the extension's shadow root) ----

/**
 * Code run in the page: finds the element with `role` (explicit or implied by its tag) whose
 * accessible-ish name (aria-label, aria-labelledby, label, text) matches. `scope`: 'page', 'kit' (the
 * panel's shadow root) or 'form' (the template control's shadow root in the invite form).
 * Returns a JSHandle of the element, or throws after `timeout`.
 */
const serialisable = (name) => (name instanceof RegExp ? { source: name.source, flags: name.flags } : name);

export async function byRole(page, role, name, { scope = 'page', exact = true, timeout = 30000, within = null } = {}) {
  const handle = await page.waitForFunction(findByRole, { timeout, polling: 100 },
    { role, name: serialisable(name), scope, exact, within: within && { ...within, name: serialisable(within.name) } })
    .catch((e) => { throw new Error(`no ${role} named ${name} in ${scope}${within ? ` within ${within.role} ${within.name}` : ''}: ${e.message}`); });
  return handle.asElement();
}

/**
 * Whether such an element exists now. findByRole's own text goes to the page (only the function
 * given to evaluate is sent: a wrapper calling findByRole by name would fail there), and a
 * failure to ask is an error, not a "no".
 */
export async function hasRole(page, role, name, { within = null, ...opts } = {}) {
  const arg = { role, name: serialisable(name), exact: true, scope: 'page', ...opts, within: within && { ...within, name: serialisable(within.name) } };
  return page.evaluate(`(${findByRole})(${JSON.stringify(arg)}) !== null`);
}

// Serialised into the page by waitForFunction/evaluate; keep it self-contained.
function findByRole({ role, name, scope, exact, within }) {
  const IMPLIED = {
    button: 'button, input[type=button], input[type=submit]', link: 'a[href]', textbox: 'input:not([type]), input[type=text], input[type=email], textarea',
    checkbox: 'input[type=checkbox]', radio: 'input[type=radio]', combobox: 'select', tab: '', dialog: 'dialog', table: 'table',
    spinbutton: 'input[type=number]', progressbar: 'progress', status: 'output', alertdialog: '',
  };
  const HOSTS = { kit: 'access-kit-host', form: 'access-kit-template-host' };
  const root = scope === 'page' ? document : document.getElementById(HOSTS[scope])?.shadowRoot;
  if (!root) return null;
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const text = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const nameOf = (el) => {
    if (el.getAttribute('aria-label')) return text(el.getAttribute('aria-label'));
    const by = el.getAttribute('aria-labelledby');
    if (by) return text(by.split(/\s+/).map((id) => (el.getRootNode().getElementById?.(id) || document.getElementById(id))?.textContent).join(' '));
    if (el.labels && el.labels.length) return text(el.labels[0].textContent);
    if (el.placeholder) return text(el.placeholder);
    if (el.tagName === 'INPUT' && el.value && /^(button|submit)$/.test(el.type)) return text(el.value);
    return text(el.textContent);
  };
  const matches = (n, want) => {
    if (typeof want === 'string') return exact ? n === want : n.toLowerCase().includes(want.toLowerCase());
    if (want && want.source !== undefined) return new RegExp(want.source, want.flags).test(n);
    return true;
  };
  const sel = [`[role="${role}"]`, IMPLIED[role]].filter(Boolean).join(', ');
  const found = (r, rl, sl, nm) => [...r.querySelectorAll(sl)].filter((el) => {
    const explicit = el.getAttribute('role');
    return (!explicit || explicit === rl) && visible(el) && matches(nameOf(el), nm);
  });
  let scopes = [root];
  if (within) {
    const wsel = [`[role="${within.role}"]`, IMPLIED[within.role]].filter(Boolean).join(', ');
    scopes = found(root, within.role, wsel, within.name);
  }
  for (const s of scopes) {
    const hit = found(s, role, sel, name)[0];
    if (hit) return hit;
  }
  return null;
}

/**
 * Clicks an element's centre with the mouse, as a person would: once it is in view, has stopped
 * moving (side sheets and dialogs slide in) and nothing else lies on top of it there (our
 * launcher moves away from the page's controls a moment after the page changes).
 */
export async function click(page, el, { timeout = 15000 } = {}) {
  await el.evaluate((e) => e.scrollIntoView({ block: 'center', inline: 'center' }));
  const until = Date.now() + timeout;
  let last = null;
  for (;;) {
    const box = await el.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const top = e.getRootNode().elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      const covered = top && !e.contains(top) ? `${top.tagName.toLowerCase()} "${(top.textContent || '').trim().slice(0, 40)}"` : null;
      return { x: r.x, y: r.y, width: r.width, height: r.height, vw: innerWidth, vh: innerHeight, covered };
    });
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const inView = box.width > 0 && cx >= 0 && cy >= 0 && cx < box.vw && cy < box.vh;
    if (inView && !box.covered && last && last.x === box.x && last.y === box.y) {
      await page.mouse.click(cx, cy);
      return;
    }
    if (Date.now() > until) throw new Error(`element never settled in view and uncovered to be clicked (last box ${JSON.stringify(box)})`);
    last = box;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Focuses an element and types into it with the keyboard (replacing what it held). */
export async function typeInto(page, el, text) {
  await click(page, el);
  await el.evaluate((e) => e.select?.());
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/**
 * Sets a large text quickly in one of our own text areas (pasting 50 lines key by key is slow
 * over BiDi): the value, then a bubbling input event, like a paste.
 */
export async function paste(el, text) {
  await el.evaluate((e, t) => {
    e.focus();
    e.value = t;
    e.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** Picks an <option> by its label in a <select> the way a person's choice is reported. */
export async function selectByLabel(el, label) {
  const ok = await el.evaluate((s, l) => {
    const o = [...s.options].find((x) => x.textContent.trim() === l);
    if (!o) return false;
    s.value = o.value;
    s.dispatchEvent(new Event('input', { bubbles: true }));
    s.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  }, label);
  if (!ok) throw new Error(`no option "${label}"`);
}

export async function attr(el, name) {
  return el.evaluate((e, n) => e.getAttribute(n), name);
}

/** The Firefox package `./build.sh build` wrote (dist/segment-access-kit-<version>-firefox.zip), else dist/firefox. */
export function firefoxPackage() {
  const dist = path.join(ROOT, 'dist');
  const zip = fs.existsSync(dist) && fs.readdirSync(dist).find((f) => /^segment-access-kit-.*-firefox\.zip$/.test(f));
  return zip ? path.join(dist, zip) : path.join(dist, 'firefox');
}

/**
 * A tab on one of the extension's own pages. WebDriver BiDi may not navigate to moz-extension://
 * URLs, so the extension opens it: `from` is a page of the extension (browser.tabs.create), or a
 * replica page whose panel's "Manage templates" button opens the options page.
 */
export async function extensionPage(ff, from, file) {
  const before = new Set(await ff.browser.pages());
  const href = `${EXT_ORIGIN}/${file}`;
  if (await from.evaluate(() => location.protocol === 'moz-extension:')) {
    await from.evaluate((f) => browser.tabs.create({ url: f }), file);
  } else if (file === 'options.html') {
    const l = await byRole(from, 'button', 'Access Kit', { scope: 'kit' });
    if ((await attr(l, 'aria-expanded')) !== 'true') await click(from, l);
    await click(from, await byRole(from, 'tab', 'Templates', { scope: 'kit' }));
    await click(from, await byRole(from, 'button', 'Manage templates', { scope: 'kit' }));
  } else {
    throw new Error(`cannot open ${file} from a web page`);
  }
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    for (const p of await ff.browser.pages()) {
      if (before.has(p)) continue;
      const at = await p.evaluate(() => location.href).catch(() => '');
      if (at === href) {
        p.setDefaultTimeout(30000);
        return p;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the extension did not open ${href}`);
}

/**
 * Clicks `button` (one of ours that offers a file) and returns the downloaded { text, fileName }:
 * the first new file in the browser's download folder once Firefox has finished writing it (its
 * ".part" gone).
 */
export async function download(ff, page, button, { timeout = 30000 } = {}) {
  const before = new Set(fs.readdirSync(ff.downloads));
  await click(page, button);
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = fs.readdirSync(ff.downloads);
    const fileName = names.find((f) => !before.has(f) && !f.endsWith('.part') && !names.includes(`${f}.part`));
    const file = fileName && path.join(ff.downloads, fileName);
    if (file && fs.statSync(file).size > 0) return { text: fs.readFileSync(file, 'utf8'), fileName };
    if (Date.now() > deadline) throw new Error(`no download within ${timeout} ms (folder holds ${names.join(', ') || 'nothing'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- the panel ------------------------------------------------------------------------------------

/** Options for byRole & co. that look inside the panel's shadow root. */
export const kit = { scope: 'kit' };

export async function launcher(page) {
  const l = await byRole(page, 'button', 'Access Kit', kit);
  // The loader draws it before the core comes (issue 16); the core has it once `data-engine` is set.
  await until(page, (_, e) => e.hasAttribute('data-engine'), null, { within: l, what: 'the core to take the launcher over' });
  return l;
}

/** Opens the panel (if closed) on a tab; returns the panel element. */
export async function openTab(page, tab) {
  const l = await launcher(page);
  if ((await attr(l, 'aria-expanded')) !== 'true') await click(page, l);
  await click(page, await byRole(page, 'tab', tab, kit));
  return byRole(page, 'dialog', 'Access Kit', kit);
}

/** Opens the panel on a tab; returns that tab's panel ({ role: tabpanel }). */
export async function openTabPanel(page, tab) {
  await openTab(page, tab);
  return byRole(page, 'tabpanel', tab, kit);
}

export const kitAttr = (page, selector, name) => page.evaluate((s, n) =>
  document.getElementById('access-kit-host')?.shadowRoot?.querySelector(s)?.getAttribute(n) ?? null, selector, name);

/** Like until(), and a failure says what the panel showed. */
export async function untilPanel(page, fn, arg, opts) {
  try {
    return await until(page, fn, arg, opts);
  } catch (e) {
    const shown = await page.evaluate(() => document.getElementById('access-kit-host')?.shadowRoot?.querySelector('[role=dialog]')?.innerText)
      .catch(() => '(page gone)');
    throw new Error(`${e.message}\n--- the panel shows:\n${shown}`);
  }
}

/** Waits until the run state (of the first run view, or of the one in `within`) is one of `wanted`. */
export const waitForRunState = (page, wanted, timeout, within = null) => untilPanel(page, (w, el) => {
  const s = (el || document.getElementById('access-kit-host')?.shadowRoot)?.querySelector('[data-run-state]')?.getAttribute('data-run-state');
  return w.includes(s) && s;
}, wanted, { timeout, what: `run state ${wanted.join(' or ')}`, within });
