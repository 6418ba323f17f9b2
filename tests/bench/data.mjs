// Deterministic inputs for the benchmark: the 200 invitees in 4 role sets, their CSV for the
// extension's "Bulk invite" panel, and a 10,000-row "realistic" paste for the parse benchmark.
import { mulberry32 } from '../../www/src/data.js';

// The replica's default data (seed 1, 8 sources) has "Prod iOS" and "Prod Web" as its first two
// sources and labels every "Prod …" source environment:prod. `grants` is exactly what the replica
// logs for an invite with that role set (roles in the form's canonical order, [] for owners).
export const ROLE_SETS = [
  {
    key: 'A',
    title: 'Member + Source Read-only (all, environment:prod) + Tracking Plan Read-only',
    owner: false,
    grants: [
      { role: 'Source Read-only', scope: { kind: 'all', labels: ['environment:prod'] } },
      { role: 'Tracking Plan Read-only', scope: { kind: 'unscoped' } },
    ],
    csv: { role: 'Workspace Member', roles: 'Source Read-only;Tracking Plan Read-only', sources: '', labels: 'environment:prod' },
  },
  {
    key: 'B',
    title: 'Member + Source Admin (Prod iOS, Prod Web)',
    owner: false,
    grants: [{ role: 'Source Admin', scope: { kind: 'specific', resources: ['Prod iOS', 'Prod Web'] } }],
    csv: { role: 'Workspace Member', roles: 'Source Admin', sources: 'Prod iOS;Prod Web', labels: '' },
  },
  {
    key: 'C',
    title: 'Member + Function Read-only + Unify Read-only, Engage User',
    owner: false,
    grants: [
      { role: 'Function Read-only', scope: { kind: 'unscoped' } },
      { role: 'Unify Read-only, Engage User', scope: { kind: 'unscoped' } },
    ],
    csv: { role: 'Workspace Member', roles: 'Function Read-only;Unify Read-only, Engage User', sources: '', labels: '' },
  },
  {
    key: 'D',
    title: 'Workspace Owner',
    owner: true,
    grants: [],
    csv: { role: 'Workspace Owner', roles: '', sources: '', labels: '' },
  },
];
export const SET_BY_KEY = Object.fromEntries(ROLE_SETS.map((s) => [s.key, s]));

// A domain the replica's generated data never uses (it uses <workspace>.example.com).
export const BENCH_DOMAIN = 'newhires-bench.example.org';

/** n rows (n divisible by 4), role sets interleaved A,B,C,D,A,… so grouping is the tool's job. */
export function benchRows(n = 200) {
  const width = String(n).length;
  return Array.from({ length: n }, (_, i) => ({
    email: `invitee${String(i + 1).padStart(width, '0')}@${BENCH_DOMAIN}`,
    set: ROLE_SETS[i % ROLE_SETS.length].key,
  }));
}

const csvField = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The CSV pasted into the panel: header email,role,roles,sources,labels. */
export function rowsToCsv(rows) {
  const lines = ['email,role,roles,sources,labels'];
  for (const r of rows) {
    const c = SET_BY_KEY[r.set].csv;
    lines.push([r.email, c.role, c.roles, c.sources, c.labels].map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

/** The reference's submissions: per role set (A..D), chunks of `size` emails in row order. */
export function chunksBySet(rows, size) {
  const out = [];
  for (const set of ROLE_SETS) {
    const emails = rows.filter((r) => r.set === set.key).map((r) => r.email);
    for (let i = 0; i < emails.length; i += size) out.push({ set: set.key, emails: emails.slice(i, i + size) });
  }
  return out;
}

// ---- the 10,000-row paste --------------------------------------------------------------------

const FIRST = ['ada', 'grace', 'alan', 'linus', 'margaret', 'ken', 'barbara', 'dennis', 'frances', 'edsger',
  'radia', 'tim', 'hedy', 'john', 'katherine', 'donald', 'sophie', 'guido', 'karen', 'bjarne', 'priya', 'mateo',
  'chloe', 'kenji', 'amara', 'lars', 'zoe', 'omar', 'elena', 'noah'];
const LAST = ['lovelace', 'hopper', 'turing', 'torvalds', 'hamilton', 'thompson', 'liskov', 'ritchie', 'allen',
  'dijkstra', 'perlman', 'lamarr', 'knuth', 'wilson', 'van-rossum', "o'neil", 'garcia', 'haddad', 'raman', 'silva'];
const DOMAINS = ['example.com', 'corp.example.net', 'mail.example.org', 'sub.dept.example.co.uk', 'example.io'];
// Realistic role columns: the four bench sets plus a few more shapes a real paste has.
const MIX = [
  ...ROLE_SETS.map((s) => s.csv),
  { role: 'Member', roles: 'Source Admin|Warehouse Destination Read-only', sources: '', labels: 'environment:prod;region:eu' },
  { role: '', roles: 'Tracking Plan Admin', sources: '', labels: '' },
  { role: 'member', roles: 'Source Read-only', sources: 'Prod iOS;Prod Web;Dev Android', labels: '' },
  { role: 'Workspace Member', roles: 'Unify and Engage Read-only;Unify Read-only, Engage User', sources: '', labels: '' },
  { role: 'Workspace Member', roles: '', sources: '', labels: '' },
];
const BAD = [
  (e) => e.replace('@', ''), // no @
  (e) => e.replace('@', '@@'), // two @
  (e) => e.replace('.', ' '), // space in local part
  (e) => `${e}.`, // trailing dot
  (e) => e.split('@')[0] + '@localhost', // no TLD
  () => 'n/a',
  () => '',
  (e) => `<${e}`, // stray bracket
];

/**
 * A 10,000-row CSV with a realistic mix: 9 role shapes, ~2% bad emails, ~3% duplicates (case and
 * whitespace variants of earlier rows), some quoted cells, a few blank lines, CRLF line ends.
 * Returns { text, rows, bad, duplicates, blankLines, bytes }.
 */
export function parseCorpus(rows = 10000, seed = 20240601) {
  const rnd = mulberry32(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const lines = ['email,role,roles,sources,labels'];
  const emails = [];
  let bad = 0, duplicates = 0, blankLines = 0;
  for (let i = 0; i < rows; i++) {
    let email;
    const k = rnd();
    if (k < 0.02) {
      email = pick(BAD)(`${pick(FIRST)}.${pick(LAST)}${i}@${pick(DOMAINS)}`);
      bad++;
    } else if (k < 0.05 && emails.length) {
      const prev = pick(emails);
      email = rnd() < 0.5 ? prev.toUpperCase() : ` ${prev} `;
      duplicates++;
    } else {
      email = `${pick(FIRST)}.${pick(LAST)}${i}@${pick(DOMAINS)}`;
      emails.push(email);
    }
    const c = pick(MIX);
    const cells = [email, c.role, c.roles, c.sources, c.labels];
    // quote some cells the way spreadsheets export them
    const line = cells.map((v) => (rnd() < 0.1 || /[",;\s]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
    lines.push(line);
    if (rnd() < 0.002) { lines.push(''); blankLines++; }
  }
  const text = lines.join('\r\n') + '\r\n';
  return { text, rows, bad, duplicates, blankLines, bytes: Buffer.byteLength(text) };
}
