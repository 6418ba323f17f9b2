// Checks the replica's log (window.__replica.state().log) against the rows that were meant to be
// invited: every email invited exactly once, with exactly its role set, nothing else sent.
import { isDeepStrictEqual } from 'node:util';
import { SET_BY_KEY } from './data.mjs';

/**
 * state: __replica.state(); rows: [{ email, set }]; logFrom: index of the first log entry that
 * belongs to this run. Returns { ok, problems, submissions, invites, refused, emailsPerSubmission,
 * logSpanMs } where submissions counts every invite attempt that reached the replica's server.
 */
export function verifyLog(state, rows, { logFrom = 0, pageT0 = null } = {}) {
  const log = state.log.slice(logFrom);
  const attempts = log.filter((e) => e.kind === 'invite' || e.kind === 'invite_refused');
  const invites = attempts.filter((e) => e.kind === 'invite');
  const refused = attempts.filter((e) => e.kind === 'invite_refused');
  const other = log.filter((e) => !e.kind.startsWith('invite'));
  const problems = [];

  const expected = new Map(rows.map((r) => [r.email.toLowerCase(), r]));
  const seen = new Map();
  for (const entry of invites) {
    for (const email of entry.emails) {
      seen.set(email, (seen.get(email) || 0) + 1);
      const row = expected.get(email);
      if (!row) { problems.push(`unexpected invite: ${email}`); continue; }
      const set = SET_BY_KEY[row.set];
      if (entry.owner !== set.owner || !isDeepStrictEqual(entry.roles, set.grants)) {
        problems.push(`${email}: invited as ${describe(entry)}, expected ${describe({ owner: set.owner, roles: set.grants })}`);
      }
    }
  }
  for (const [email, n] of seen) if (n > 1 && expected.has(email)) problems.push(`${email}: invited ${n} times`);
  const missing = [...expected.keys()].filter((e) => !seen.has(e));
  if (missing.length) problems.push(`${missing.length} emails never invited (first: ${missing.slice(0, 3).join(', ')})`);
  for (const r of refused) problems.push(`refused submission (${r.emails.length} emails): ${r.error}`);
  for (const o of other) problems.push(`unexpected ${o.kind} of ${o.email}`);

  // The pending invites the page now holds must agree with the log.
  const pending = new Map(state.invites.map((i) => [i.email.toLowerCase(), i]));
  for (const [email, row] of expected) {
    const inv = pending.get(email);
    const set = SET_BY_KEY[row.set];
    if (seen.has(email) && (!inv || inv.owner !== set.owner || !isDeepStrictEqual(inv.roles, set.grants))) {
      problems.push(`${email}: pending invite does not match its role set`);
    }
  }

  const sizes = invites.map((e) => e.emails.length);
  return {
    ok: problems.length === 0,
    problems: problems.length > 12 ? problems.slice(0, 12).concat(`… and ${problems.length - 12} more`) : problems,
    submissions: attempts.length,
    invites: invites.length,
    refused: refused.length,
    invitedEmails: [...seen.keys()].filter((e) => expected.has(e)).length,
    emailsPerSubmission: sizes.length ? { min: Math.min(...sizes), max: Math.max(...sizes) } : null,
    // page clock: first to last completed invite (server side; excludes the first latency)
    logSpanMs: attempts.length ? attempts.at(-1).t - attempts[0].t : null,
    // page clock, from the first action / Start: when the first and the last submission completed
    firstLoggedMs: attempts.length && pageT0 !== null ? attempts[0].t - pageT0 : null,
    lastLoggedMs: attempts.length && pageT0 !== null ? attempts.at(-1).t - pageT0 : null,
  };
}

function describe({ owner, roles }) {
  if (owner) return 'Owner';
  return `Member[${roles.map((g) => `${g.role}${g.scope.kind === 'unscoped' ? '' : ` ${g.scope.kind}:${(g.scope.labels || g.scope.resources).join('+')}`}`).join(', ')}]`;
}
