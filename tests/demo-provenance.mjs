// Which code the committed screenshots (docs/screenshots/) were taken from: a digest of every
// tracked file the demo's pictures depend on. `./build.sh demo` writes it next to the
// pictures; `./build.sh lint` checks it, so a commit whose code differs from the pictures'
// fails until the demo is run again (AK_SCREENSHOTS_STALE_OK=1 only warns, for local iteration).
//   node tests/demo-provenance.mjs --check
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const FILE = path.join(SHOTS, 'SOURCE');
// What the pictures show: the extension (Rust, loaders, manifest, profile), the replica page,
// and the tour that takes them.
const INPUTS = ['Cargo.toml', 'Cargo.lock', 'src', 'extension', 'www/src', 'www/index.html', 'www/build.mjs',
  'tests/demo.mjs', 'tests/demo-tour.mjs'];

export function sourceDigest() {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...INPUTS],
    { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  const h = crypto.createHash('sha256');
  for (const f of files) {
    const abs = path.join(ROOT, f);
    if (!fs.existsSync(abs)) continue; // deleted, not yet staged
    h.update(`${f}\0`).update(fs.readFileSync(abs)).update('\0');
  }
  return { digest: h.digest('hex'), files: files.length };
}

export function writeProvenance(names) {
  const { digest, files } = sourceDigest();
  fs.writeFileSync(FILE, [
    '# Written by ./build.sh demo; checked by ./build.sh lint. The screenshots in this folder were',
    `# taken from the code whose ${files} files (${INPUTS.join(', ')}) have this digest:`,
    `sha256 ${digest}`,
    ...names.map((n) => `shot ${n}`),
    '',
  ].join('\n'));
}

export function checkProvenance() {
  if (!fs.existsSync(FILE)) return 'docs/screenshots/SOURCE is missing: run ./build.sh demo';
  const text = fs.readFileSync(FILE, 'utf8');
  const recorded = /^sha256 ([0-9a-f]{64})$/m.exec(text)?.[1];
  const missing = [...text.matchAll(/^shot (.+)$/gm)].map((m) => m[1]).filter((n) => !fs.existsSync(path.join(SHOTS, n)));
  if (missing.length) return `screenshots listed in docs/screenshots/SOURCE are missing: ${missing.join(', ')}`;
  const { digest } = sourceDigest();
  if (recorded !== digest) {
    return 'docs/screenshots/ were taken from other code than this: run ./build.sh demo and commit docs/';
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--check')) {
  const problem = checkProvenance();
  // While iterating, AK_SCREENSHOTS_STALE_OK=1 turns the failure into a warning (CI never sets it).
  if (problem && process.env.AK_SCREENSHOTS_STALE_OK === '1') { console.error(`    warning: ${problem}`); process.exit(0); }
  if (problem) { console.error(`    ${problem}`); process.exit(1); }
  console.log('    docs/screenshots/: taken from this code');
}
