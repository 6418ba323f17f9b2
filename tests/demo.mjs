// `./build.sh demo`: the built extension on the replica page.
// With a display, opens a real window and leaves it open for you to try.
// Without one, runs a scripted tour headless and writes screenshots to demo-out/.
import path from 'node:path';
import fs from 'node:fs';
import { launch, openReplica, ROOT } from './e2e/harness.mjs';
import { tour } from './demo-tour.mjs';

const EXT = path.join(ROOT, 'dist', 'extension');
const OUT = path.join(ROOT, 'demo-out');
const headed = !!process.env.DISPLAY && !process.env.CI;

const browser = await launch({ extensionDir: EXT, headless: !headed });
const page = await openReplica(browser.context, { members: 40, pending: 4, sources: 12, latency: 300 });
if (headed) {
  console.log('Chromium is open on the replica with the extension loaded. Close the window to finish.');
  await new Promise((resolve) => browser.context.on('close', resolve));
} else {
  fs.mkdirSync(OUT, { recursive: true });
  const shots = await tour(page, OUT);
  for (const s of shots) console.log(`    ${path.relative(ROOT, s)}`);
  await browser.close();
}
