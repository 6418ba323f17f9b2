// One source manifest (extension/manifest.json) → one manifest per browser, so that each store
// gets only keys its browser reads (a dual `background` makes web-ext lint warn
// BACKGROUND_SERVICE_WORKER_IGNORED; Chrome warns about `background.scripts`):
//   Chrome:  background.service_worker; no browser_specific_settings.
//   Firefox: background.scripts (an event page; Firefox has no extension service workers).
//   node extension/pack/manifests.mjs chrome|firefox <out-file>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export function manifestFor(browser, source = JSON.parse(fs.readFileSync(path.join(here, '..', 'manifest.json'), 'utf8'))) {
  const m = structuredClone(source);
  if (browser === 'chrome') {
    m.background = { service_worker: source.background.service_worker };
    delete m.browser_specific_settings;
  } else if (browser === 'firefox') {
    m.background = { scripts: source.background.scripts };
  } else {
    throw new Error(`unknown browser ${browser}`);
  }
  return m;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [browser, out] = process.argv.slice(2);
  if (!browser || !out) { console.error('usage: node extension/pack/manifests.mjs chrome|firefox <out-file>'); process.exit(2); }
  fs.writeFileSync(out, JSON.stringify(manifestFor(browser), null, 2) + '\n');
}
