// Builds the Access Management replica: www/src/*.jsx -> www/dist/app.js (+ index.html, app.css).
// Usage (from the repo root): node www/build.mjs
// Writes to a temporary folder first, then renames files into www/dist, so concurrent
// builds (parallel test processes) never expose a half-written bundle.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const tmp = path.join(here, `.dist-tmp-${process.pid}-${Date.now()}`);

// ui-box (Evergreen's styling engine) appends a <style> element and, in production, fills it
// through CSSOM insertRule. Under a strict CSP (no 'unsafe-inline' for styles) Chromium gives a
// blocked inline <style> no sheet, so ui-box would fall back to text nodes, which are blocked too.
// We point ui-box at <link rel=stylesheet data-ui-box href=/__replica/ui-box.css> from index.html
// instead: an external same-origin sheet, which CSSOM may modify under any CSP.
const uiBoxCspPlugin = {
  name: 'ui-box-csp',
  setup(b) {
    b.onLoad({ filter: /ui-box[\\/]dist[\\/]src[\\/]utils[\\/]style-sheet\.js$/ }, async (args) => {
      let code = await fs.promises.readFile(args.path, 'utf8');
      const marker = 'function makeStyleTag() {';
      if (!code.includes(marker)) throw new Error('ui-box style-sheet.js changed: cannot apply the CSP patch');
      code = code.replace(marker, `function makeStyleTag() {
    const link = document.querySelector('link[data-ui-box]:not([data-ui-box-used])');
    if (link && link.sheet) { link.setAttribute('data-ui-box-used', ''); return link; }
    if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in document) {
      const sheet = new CSSStyleSheet();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      return { sheet, append() {}, parentNode: { removeChild() { document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet); } } };
    }`);
      return { contents: code, loader: 'js' };
    });
  },
};

export async function build() {
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await esbuild.build({
      entryPoints: [path.join(here, 'src', 'main.jsx')],
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['chrome110'],
      jsx: 'transform',
      loader: { '.js': 'jsx' },
      define: { 'process.env.NODE_ENV': '"production"', 'global': 'window' },
      outfile: path.join(tmp, 'app.js'),
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [uiBoxCspPlugin],
    });
    fs.copyFileSync(path.join(here, 'index.html'), path.join(tmp, 'index.html'));
    fs.copyFileSync(path.join(here, 'src', 'app.css'), path.join(tmp, 'app.css'));
    fs.writeFileSync(path.join(tmp, 'ui-box.css'), '/* filled at runtime by ui-box through CSSOM */\n');
    fs.mkdirSync(dist, { recursive: true });
    // app.js last: its mtime is what the harness compares against www/src.
    for (const f of ['index.html', 'app.css', 'ui-box.css', 'app.js']) {
      fs.renameSync(path.join(tmp, f), path.join(dist, f));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await build();
  console.log(`replica built into ${path.relative(process.cwd(), dist) || dist} in ${Date.now() - t0} ms`);
}
