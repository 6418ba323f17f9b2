// The roster as the tests understand it, written for them from the formats' documentation (www
// README, src/core/preview.rs docs), not from the Rust code: what the replica's state says of each
// person, and an interpreter of one exported CSV row by bulk invite's rules. Shared by the Chromium
// roster cases and the Firefox flows, so both hold the export to the same reading.
//
//   const want = expected(await replicaState(page));          // email → { name, status, owner, grants }
//   const got = new Map(parseCsv(text).map((r) => [r.email, interpret(r)]));
//   assert.deepEqual(got.get(email), want.get(email));

/** The export CSV's header line. */
export const HEADER = 'email,role,roles,sources,spaces,functions,labels,name,status';

// The replica's roles with a scope picker; its others take no scope.
export const SCOPED = new Set(['Source Admin', 'Source Read-only']);

/** One grant as a comparable string: the role, and for scoped roles its exact scope. */
export function grantKey(role, scope) {
  if (!SCOPED.has(role)) return role;
  // Labels: "key:value" (the replica, the CSV) or {key, value} (the JSON, which omits none).
  const labels = (scope.labels || []).map((l) => (typeof l === 'string' ? l : `${l.key}:${l.value}`));
  if (scope.kind === 'all' && !labels.length) return `${role}: all`;
  if (scope.kind === 'all') return `${role}: labels ${labels.sort().join(' + ')}`;
  const names = [...scope.resources].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return `${role}: specific ${names.join(' + ')}`;
}

/** What the replica's state says of everyone, by email. */
export function expected(state) {
  const people = new Map();
  const add = (p, status, name) => people.set(p.email, {
    name, status, owner: p.owner, grants: p.owner ? [] : p.roles.map((g) => grantKey(g.role, g.scope)).sort(),
  });
  for (const m of state.members) add(m, 'member', m.name);
  for (const i of state.invites) add(i, 'invited', '');
  return people;
}

/** Splits on `;` or `|` outside brackets. */
function entries(cell) {
  const out = [];
  let depth = 0, cur = '';
  for (const c of cell) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if ((c === ';' || c === '|') && depth === 0) { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}
const list = (s) => s.split(/[;|]/).map((x) => x.trim()).filter(Boolean);

/** One CSV row (from `parseCsv`; name and status empty when the file has no such column) read by bulk invite's rules (www README / src/core/preview.rs docs), written anew here. */
export function interpret(row) {
  const owner = /owner/i.test(row.role);
  const grants = [];
  for (const e of entries(row.roles || '')) {
    const m = e.match(/^(.*?)\s*\((.*)\)$/);
    const role = m ? m[1] : e;
    let scope = null;
    if (m) {
      const [word, ...rest] = m[2].split(':');
      const body = rest.join(':');
      if (/^all$/i.test(m[2].trim())) scope = { kind: 'all', labels: [] };
      else if (/^labels?$/i.test(word.trim())) scope = { kind: 'all', labels: body.split(/[;|,]/).map((x) => x.trim()).filter(Boolean) };
      else scope = { kind: 'specific', resources: list(body) };
    } else if (SCOPED.has(role)) {
      // The row's scope columns narrow the roles written without a scope.
      if (row.sources) scope = { kind: 'specific', resources: list(row.sources) };
      else if (row.labels) scope = { kind: 'all', labels: row.labels.split(/[;|,]/).map((x) => x.trim()).filter(Boolean) };
      else scope = { kind: 'all', labels: [] };
    }
    grants.push(grantKey(role, scope));
  }
  return {
    name: (row.name || '').replace(/^'(?=[=+\-@'\t\r])/, ''), status: row.status || '', owner, grants: grants.sort(),
  };
}


const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Rows (objects keyed by HEADER's columns, missing ones empty) as a CSV in the export's format. */
export function writeCsv(rows) {
  const columns = HEADER.split(',');
  return [HEADER, ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join('\n');
}
