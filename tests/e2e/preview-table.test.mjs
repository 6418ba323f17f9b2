// The bulk preview of 5,000 rows (the run limit): the table renders only what is visible, and stays
// a usable table — aria-rowcount / aria-rowindex for screen readers, a focusable scroll box that the
// keyboard scrolls, the rows under the viewport are the right ones, and the status filters work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openReplica, screenshot, ROOT } from './harness.mjs';

const EXT = process.env.AK_EXTENSION_DIR || path.join(ROOT, 'dist', 'extension');
const ROWS = 5000;
const BAD_EVERY = 50; // rows 50, 100, … have an invalid email

let browser;
before(async () => { browser = await launch({ extensionDir: EXT }); });
after(async () => { await browser?.close(); });

function input() {
  const lines = ['email,role'];
  for (let i = 1; i <= ROWS; i++) lines.push(i % BAD_EVERY === 0 ? `bad${i}.example.org,member` : `windowed${i}@rows.example.org,member`);
  return lines.join('\n');
}

/** What the table shows: its aria-rowcount, and each rendered data row's index, line, email and kind. */
function rendered(table) {
  return table.evaluate((t) => ({
    rowcount: Number(t.getAttribute('aria-rowcount')),
    rows: [...t.querySelectorAll('tbody tr:not(.spacer)')].map((tr) => ({
      index: Number(tr.getAttribute('aria-rowindex')),
      line: Number(tr.children[0].textContent),
      email: tr.children[1].textContent,
      kind: tr.dataset.kind,
    })),
  }));
}

/** The aria-rowindex of the data row at the middle of the scroll box, as the person sees it (null: a spacer). */
function rowInView(scroll) {
  return scroll.evaluate((box) => {
    const r = box.getBoundingClientRect();
    const root = box.getRootNode();
    const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const tr = hit?.closest('tr');
    return tr && !tr.classList.contains('spacer') ? Number(tr.getAttribute('aria-rowindex')) : null;
  });
}

/** Waits until scrolling has settled (keyboard scrolling is animated: the same scrollTop over several
 *  frames) on a rendered row at the middle of the box; returns its index. */
async function waitForRowInView(page, scroll) {
  await page.waitForFunction((box) => {
    const still = box.__lastTop === box.scrollTop;
    box.__stillFrames = still ? (box.__stillFrames || 0) + 1 : 0;
    box.__lastTop = box.scrollTop;
    const r = box.getBoundingClientRect();
    const tr = box.getRootNode().elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('tr');
    return box.__stillFrames >= 5 && tr && !tr.classList.contains('spacer');
  }, await scroll.elementHandle(), { timeout: 10000, polling: 'raf' });
  return rowInView(scroll);
}

test(`5,000 rows: only the visible rows are rendered, with aria indexes, keyboard scrolling and filters`, { timeout: 180000 }, async () => {
  const page = await openReplica(browser.context, { members: 5, pending: 2, latency: 0 });
  page.on('console', (m) => { if (m.type() === 'error') console.log('page console:', m.text()); });
  const launcher = page.getByRole('button', { name: 'Access Kit', exact: true });
  await launcher.waitFor({ timeout: 20000 });
  await launcher.click();
  const panel = page.getByRole('dialog', { name: 'Access Kit' });
  await panel.getByRole('tab', { name: 'Bulk invite' }).click();
  const root = panel.locator('[data-run-state]').first();
  const box = panel.getByRole('textbox', { name: 'Emails or CSV' });
  await box.waitFor({ timeout: 20000 });
  // As a paste of 170 KB would (Playwright's fill types it in, which takes minutes at this size).
  await box.evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, input());
  await panel.getByRole('button', { name: 'Preview', exact: true }).click();
  await panel.locator('[data-run-state="previewed"]').waitFor({ timeout: 120000 });
  assert.equal(await root.getAttribute('data-run-state'), 'previewed');

  const table = panel.getByRole('table', { name: 'Preview of every row' });
  const bad = ROWS / BAD_EVERY;
  let view = await rendered(table);
  assert.equal(view.rowcount, ROWS + 1, 'aria-rowcount counts every row and the header');
  assert.ok(view.rows.length > 5 && view.rows.length < 100, `rendered ${view.rows.length} rows of ${ROWS}`);
  assert.deepEqual(view.rows.slice(0, 2).map((r) => [r.index, r.line, r.email]),
    [[2, 2, 'windowed1@rows.example.org'], [3, 3, 'windowed2@rows.example.org']]);
  const scroll = table.locator('xpath=..');
  const top = await rowInView(scroll);
  assert.ok(top >= 2 && top < 20, `a row near the top is in view (${top})`);
  await screenshot(page, 'preview-windowed-top');

  // Keyboard: the scroll box takes focus; End goes to the last row, which is then rendered and in view.
  await scroll.focus();
  await page.keyboard.press('End');
  await page.waitForFunction((t) => {
    const last = [...t.querySelectorAll('tbody tr:not(.spacer)')].at(-1);
    return last && last.getAttribute('aria-rowindex') === String(t.getAttribute('aria-rowcount'));
  }, await table.elementHandle(), { timeout: 10000 });
  view = await rendered(table);
  assert.deepEqual(view.rows.at(-1), { index: ROWS + 1, line: ROWS + 1, email: `bad${ROWS}.example.org`, kind: 'invalid-email' });
  assert.ok(view.rows.length < 100);

  // Page Up a few times from the end: the row in the middle of the box is the one the indexes say.
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageUp');
  const middle = await waitForRowInView(page, scroll);
  view = await rendered(table);
  const shown = view.rows.find((r) => r.index === middle);
  assert.ok(shown, `the row in view (${middle}) is rendered; rendered: ${view.rows.map((r) => r.index).join(",")}`);
  assert.equal(shown.line, middle, 'aria-rowindex and the row number agree');
  assert.ok(middle < ROWS && middle > ROWS - 200, `three pages up from the end: row ${middle}`);

  // Jump into the middle by scrolling: what is in view is rendered, and it is the right row.
  await scroll.evaluate((box) => { box.scrollTop = box.scrollHeight / 2; });
  const half = await waitForRowInView(page, scroll);
  assert.ok(Math.abs(half - ROWS / 2) < 60, `half way down shows about row ${ROWS / 2} (got ${half})`);

  // Filter: only invalid emails; the table (and its row count) is just those.
  await panel.getByRole('button', { name: `Invalid email ${bad}` }).click();
  await page.waitForFunction((t) => t.getAttribute('aria-rowcount') !== String(5001), await table.elementHandle());
  view = await rendered(table);
  assert.equal(view.rowcount, bad + 1);
  assert.equal(view.rows.length, bad, `${bad} rows fit the full render after filtering`);
  assert.ok(view.rows.every((r) => r.kind === 'invalid-email'));
  assert.deepEqual(view.rows.slice(0, 2).map((r) => [r.index, r.line]), [[2, BAD_EVERY + 1], [3, 2 * BAD_EVERY + 1]]);
  await screenshot(page, 'preview-windowed-filtered');

  // And back to all rows, from the top.
  await panel.getByRole('button', { name: `All ${ROWS}` }).click();
  view = await rendered(table);
  assert.equal(view.rowcount, ROWS + 1);
  assert.equal(view.rows[0].index, 2);
  assert.ok(view.rows.length < 100);
  await page.close();
});
