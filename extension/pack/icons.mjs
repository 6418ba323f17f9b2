// Renders the extension's icons from their SVG sources with resvg (a registry-installed wasm
// build, so every machine draws the same pixels):
//   node extension/pack/icons.mjs <out-dir>   → icon-{16,32,48,128}.png, action-{16,24,32}.png
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ICONS = { icon: [16, 32, 48, 128], action: [16, 24, 32] };

export async function renderIcons(outDir) {
  const require = createRequire(import.meta.url);
  await initWasm(fs.readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  fs.mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const [name, sizes] of Object.entries(ICONS)) {
    const svg = fs.readFileSync(path.join(here, '..', 'icons', `${name}.svg`), 'utf8');
    for (const size of sizes) {
      const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
      const file = path.join(outDir, `${name}-${size}.png`);
      fs.writeFileSync(file, png);
      written.push(file);
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) { console.error('usage: node extension/pack/icons.mjs <out-dir>'); process.exit(2); }
  await renderIcons(out);
}
