// `./build.sh demo`: the built extension on the replica page.
// With a display, opens a real window and leaves it open for you to try.
// Without one, runs a scripted tour headless and writes the README's screenshots to
// docs/screenshots/, with the digest of the code they were taken from (docs/screenshots/SOURCE).
import path from 'node:path';
import fs from 'node:fs';
import { launch, openReplica, ROOT } from './e2e/harness.mjs';
import { tour } from './demo-tour.mjs';
import { SHOTS, writeProvenance } from './demo-provenance.mjs';

const EXT = path.join(ROOT, 'dist', 'extension');
const headed = !!process.env.DISPLAY && !process.env.CI;

const browser = await launch({ extensionDir: EXT, headless: !headed });
const page = await openReplica(browser.context, { members: 40, pending: 4, sources: 12, latency: 300 });
if (headed) {
  console.log('Chromium is open on the replica with the extension loaded. Close the window to finish.');
  await new Promise((resolve) => browser.context.on('close', resolve));
} else {
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const worker = browser.context.serviceWorkers()[0] || (await browser.context.waitForEvent('serviceworker'));
  const extId = new URL(worker.url()).host;
  const shots = await tour(page, SHOTS, { context: browser.context, extId, worker });
  writeProvenance(shots.map((s) => path.basename(s)));
  for (const s of shots) console.log(`    ${path.relative(ROOT, s)}`);
  await browser.close();
}
