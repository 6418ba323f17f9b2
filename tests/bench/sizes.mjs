// Where the bytes go (issue 16), for `./build.sh sizes`: reads twiggy's item list of the linked
// modules `./build.sh build` keeps (build/<stem>.wasm: before wasm-bindgen and wasm-opt, names
// kept) and prints, per module, the largest items and roll-ups by crate, by our module and by
// generic function (copies made per type). Figures are raw bytes of that module: wasm-opt
// shrinks every item, so they rank and compare; the shipped gzip sizes are printed first.
//
//   node tests/bench/sizes.mjs [--top N] [--depth D] [stem…]    (stems: access_kit access_kit_tabs access_kit_pages access_kit_popup)
//
// Item names are demangled Rust paths (`<access_kit::ui::run::View>::spawn::{closure#0}`). An
// item's crate is the crate of its own path; its module is the first `access_kit::a::b` path the
// name mentions (generic code made for our types counts as ours), else its crate. Custom
// sections (names, wasm-bindgen's descriptors) and the descriptor functions wasm-bindgen reads
// and removes (told by name) are not shipped and stay out of the roll-ups.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
};
const TOP = opt('--top', 25);
const DEPTH = opt('--depth', 2);
const stems = args.length ? args : ['access_kit', 'access_kit_tabs', 'access_kit_pages', 'access_kit_popup'];
const ROOT = new URL('../..', import.meta.url).pathname;
const TWIGGY = process.env.TWIGGY || 'twiggy';

const fmt = (n) => String(n).padStart(9);
const pct = (n, total) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
const clip = (s, w = 150) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);

function shipped() {
  const dist = join(ROOT, 'dist/extension');
  console.log('Shipped (dist/extension), as build.sh counts them (gzip -9):');
  for (const dir of ['core', 'pages', 'popup']) {
    const d = join(dist, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      console.log(`  ${`${dir}/${f}`.padEnd(34)}${fmt(statSync(p).size)} bytes ${fmt(execFileSync('gzip', ['-9c', p]).length)} gz`);
    }
  }
}

function items(file) {
  const out = execFileSync(TWIGGY, ['top', '-n', '100000000', '--format', 'json', file], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  // Crate disambiguators (`access_kit[1f580eb4933d3994]`) differ per build and say nothing here.
  return JSON.parse(out).map((i) => ({ name: i.name.replace(/\[[0-9a-f]{16}\]/g, ''), size: i.shallow_size }));
}

const isCustom = (name) => /^custom section |subsection$/.test(name);
const isDescriptor = (name) =>
  /__wbindgen_describe|wasm_bindgen::describe::|WasmDescribe|describe_invoke|describe_closure|WasmClosure>::describe/.test(name);

// The crate of an item's own path: `<a::B<…> as c::D>::f` → a; `core::ptr::drop_in_place::<…>` → core.
function crateOf(name) {
  const s = name.replace(/^(?:[<&*([ ]|mut |dyn |const )+/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(s);
  if (!m) return /^(data segment|type\[|import |export |table|elem|global|memory|code section)/.test(name)
    ? '(wasm: data, types, imports, exports)'
    : '(no path: exports, glue)';
  return ['std', 'core', 'alloc'].includes(m[1]) ? 'std/alloc/core' : m[1];
}

function moduleOf(name) {
  const m = new RegExp(`access_kit((?:::[a-z_][a-z0-9_]*){1,${DEPTH}})`).exec(name);
  return m ? `access_kit${m[1]}` : crateOf(name);
}

// The generic function an item is a copy of: every generic argument list replaced by `_`.
function genericOf(name) {
  let out = '';
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    // `<` opens arguments after a path segment; a leading `<` (qualified path) does not count.
    const opens = c === '<' && /[A-Za-z0-9_:]$/.test(out) && depth === 0;
    if (depth > 0) {
      if (c === '<') depth++;
      else if (c === '>') depth--;
      if (depth === 0) out += '_>';
      continue;
    }
    if (opens) {
      out += '<';
      depth = 1;
      continue;
    }
    out += c;
  }
  return out;
}

function rollup(list, key) {
  const m = new Map();
  for (const i of list) {
    const k = key(i.name);
    const e = m.get(k) || { key: k, size: 0, count: 0, largest: 0 };
    e.size += i.size;
    e.count++;
    e.largest = Math.max(e.largest, i.size);
    m.set(k, e);
  }
  return [...m.values()].sort((a, b) => b.size - a.size);
}

function report(stem) {
  const file = join(ROOT, 'build', `${stem}.wasm`);
  console.log(`\n=== ${stem}: build/${stem}.wasm (linked, before wasm-bindgen and wasm-opt) ===`);
  const all = items(file);
  const custom = all.filter((i) => isCustom(i.name));
  const descriptors = all.filter((i) => !isCustom(i.name) && isDescriptor(i.name));
  const list = all.filter((i) => !isCustom(i.name) && !isDescriptor(i.name));
  const total = list.reduce((s, i) => s + i.size, 0);
  const sum = (l) => l.reduce((s, i) => s + i.size, 0);
  console.log(`${fmt(total)} bytes of code and data (the roll-ups' 100%)`);
  console.log(`${fmt(sum(descriptors))} bytes in ${descriptors.length} wasm-bindgen descriptor items (removed by wasm-bindgen)`);
  const small = custom.filter((c) => c.size < 1000);
  for (const c of custom.filter((c) => c.size >= 1000)) console.log(`${fmt(c.size)} bytes in ${c.name} (not shipped)`);
  console.log(`${fmt(sum(small))} bytes in ${small.length} smaller custom sections and headers (not shipped)`);

  console.log(`\nLargest items (top ${TOP}):`);
  for (const i of list.slice().sort((a, b) => b.size - a.size).slice(0, TOP)) {
    console.log(`${fmt(i.size)} ${pct(i.size, total)}  ${clip(i.name)}`);
  }
  const table = (title, rows, n) => {
    console.log(`\n${title}:`);
    for (const r of rows.slice(0, n)) console.log(`${fmt(r.size)} ${pct(r.size, total)} ${String(r.count).padStart(6)} items  ${clip(r.key)}`);
    if (rows.length > n) {
      const rest = rows.slice(n).reduce((s, r) => s + r.size, 0);
      console.log(`${fmt(rest)} ${pct(rest, total)}  … ${rows.length - n} more`);
    }
  };
  table('By crate (of the item\'s own path)', rollup(list, crateOf), 20);
  table(`By module (our module the item is made for, depth ${DEPTH}; else its crate)`, rollup(list, moduleOf), 30);
  const generics = rollup(list, genericOf)
    .filter((g) => g.count > 1)
    .map((g) => ({ ...g, beyond: g.size - g.largest }))
    .sort((a, b) => b.beyond - a.beyond);
  console.log('\nGeneric functions by bytes beyond their largest copy (copies made per type):');
  for (const g of generics.slice(0, TOP)) {
    console.log(`${fmt(g.beyond)} beyond ${fmt(g.size)} in ${String(g.count).padStart(4)} copies  ${clip(genericOf(g.key), 130)}`);
  }
}

const missing = stems.filter((s) => !existsSync(join(ROOT, 'build', `${s}.wasm`)));
if (missing.length) {
  console.error(`error: no build/${missing[0]}.wasm; run ./build.sh build first`);
  process.exit(1);
}
shipped();
for (const s of stems) report(s);
