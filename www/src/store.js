// The replica's "server": state, simulated latency, fault injection, and the log.
import { generate, mulberry32 } from './data.js';

const EMAIL_RE = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[A-Za-z]{2,}$/;
const clone = (x) => JSON.parse(JSON.stringify(x));

// persist=1: the "server" state outlives a page reload (sessionStorage, per tab, workspace and
// seed), as a real server's would; tests of reload-and-resume need it.
function persistence(cfg) {
  if (!cfg.persist) return { load: () => null, save: () => {} };
  const key = `__replica:${cfg.workspace}:${cfg.seed}`;
  return {
    load: () => { try { return JSON.parse(sessionStorage.getItem(key)); } catch { return null; } },
    save: (state) => { try { sessionStorage.setItem(key, JSON.stringify(state)); } catch { /* quota: keep going */ } },
  };
}

export function createStore(cfg) {
  const persisted = persistence(cfg);
  let state = persisted.load() || generate(cfg);
  const faultRnd = mulberry32(cfg.seed ^ 0x0fa17ed);   // one draw per invite submission reaching the server
  const jitterRnd = mulberry32(cfg.seed ^ 0x1177e12); // independent, so jitter never shifts the fault sequence
  const goneRnd = mulberry32(cfg.seed ^ 0x6011e);     // one draw per removal / revocation reaching the server
  const listeners = new Set();
  let version = 0;

  const emit = () => { version++; persisted.save(state); listeners.forEach((l) => l()); };
  const log = (entry) => { state.log.push({ t: Math.round(performance.now()), ...entry }); };
  const delay = () => new Promise((res) => setTimeout(res, cfg.latency + (cfg.jitter ? Math.floor(jitterRnd() * (cfg.jitter + 1)) : 0)));
  const lc = (s) => s.trim().toLowerCase();
  // expireAfter: accepted invite submissions until the session ends (once per tab).
  let accepted = 0;
  let sessionEnded = false;
  let signedInAgain = false;

  function parseEmails(text) {
    return text.split(',').map((s) => s.trim()).filter(Boolean);
  }

  // Returns { ok: true, emails } or { ok: false, error, field: 'email' | 'toast' }.
  async function invite({ text, owner, roles }) {
    const raw = parseEmails(text);
    await delay();
    if (sessionEnded) {
      log({ kind: 'invite_refused', emails: raw.slice(), owner, roles: clone(roles), error: 'session expired' });
      emit();
      return { ok: false, signedOut: true, error: 'Your session has expired. Please log in again.' };
    }
    const emails = [];
    for (const e of raw) if (!emails.includes(lc(e))) emails.push(lc(e));
    const grants = owner ? [] : clone(roles);
    const refuse = (error, field) => {
      log({ kind: 'invite_refused', emails: raw.slice(), owner, roles: grants, error });
      emit();
      return { ok: false, error, field };
    };
    if (!raw.length) return refuse('Please enter at least one email address', 'email');
    const bad = raw.find((e) => !EMAIL_RE.test(e));
    if (bad) return refuse(`"${bad}" is not a valid email address`, 'email');
    if (emails.length > cfg.maxEmails) {
      return refuse(cfg.maxEmails === 1 ? 'You can invite at most 1 team member at a time'
        : `You can invite at most ${cfg.maxEmails} team members at a time`, 'email');
    }
    const member = emails.find((e) => state.members.some((m) => lc(m.email) === e));
    if (member) return refuse(`${member} is already a member of this workspace`, 'toast');
    const invited = emails.find((e) => state.invites.some((i) => lc(i.email) === e));
    if (invited) return refuse(`${invited} has already been invited`, 'toast');
    if (cfg.seatLimit && state.members.length + state.invites.length + emails.length > cfg.seatLimit) {
      return refuse(`Your plan allows ${cfg.seatLimit} team members; remove someone or upgrade to invite more`, 'toast');
    }
    if (cfg.fail > 0 && faultRnd() < cfg.fail) return refuse('Something went wrong. Please try again.', 'toast');
    for (const e of emails) state.invites.push({ email: e, owner, roles: clone(grants) });
    log({ kind: 'invite', emails: emails.slice(), owner, roles: clone(grants) });
    accepted++;
    if (cfg.expireAfter && accepted >= cfg.expireAfter && !signedInAgain) sessionEnded = true;
    emit();
    return { ok: true, emails };
  }

  const saveRnd = mulberry32(cfg.seed ^ 0x5a7e);
  async function saveMember(email, { owner, roles }) {
    await delay();
    const m = state.members.find((x) => x.email === email);
    if (!m) return { ok: false, error: `${email} is not a member of this workspace` };
    if (cfg.saveFail > 0 && saveRnd() < cfg.saveFail) return { ok: false, error: 'Something went wrong. Please try again.' };
    const grants = owner ? [] : clone(roles);
    const before = JSON.stringify({ owner: m.owner, roles: m.roles });
    const wasOwner = m.owner;
    m.owner = owner;
    m.roles = grants;
    if (wasOwner && !owner) log({ kind: 'demote', email, owner, roles: clone(grants) });
    else if (!wasOwner && owner) log({ kind: 'promote', email, owner, roles: clone(grants) });
    else if (before !== JSON.stringify({ owner, roles: grants })) log({ kind: 'permissions', email, owner, roles: clone(grants) });
    emit();
    return { ok: true };
  }

  // fail=: a removal or revocation the server refuses, logged as `remove_failed` / `revoke_failed`.
  function failed(kind, email) {
    const error = 'Something went wrong. Please try again.';
    log({ kind: `${kind}_failed`, email, error });
    emit();
    return { ok: false, error };
  }

  async function removeMember(email) {
    await delay();
    const i = state.members.findIndex((x) => x.email === email);
    if (i < 0) return { ok: false, error: `${email} is not a member of this workspace` };
    if (cfg.fail > 0 && goneRnd() < cfg.fail) return failed('remove', email);
    state.members.splice(i, 1);
    log({ kind: 'remove', email });
    emit();
    return { ok: true };
  }

  async function revokeInvite(email) {
    await delay();
    const i = state.invites.findIndex((x) => x.email === email);
    if (i < 0) return { ok: false, error: `No pending invite for ${email}` };
    if (cfg.fail > 0 && goneRnd() < cfg.fail) return failed('revoke', email);
    state.invites.splice(i, 1);
    log({ kind: 'revoke', email });
    emit();
    return { ok: true };
  }

  // A change made outside this tab (a colleague, another session): applied to the server state
  // at once, as if that other session had made it; the page shows it as it re-renders.
  function elsewhere({ kind, email }) {
    if (kind === 'accept') {
      // The invitee accepts: the invite becomes a member with its roles and a name.
      const j = state.invites.findIndex((x) => x.email === email);
      if (j < 0) return false;
      const [inv] = state.invites.splice(j, 1);
      state.members.push({ email: inv.email, name: inv.email.split('@')[0], owner: inv.owner, roles: inv.roles });
      log({ kind, email, by: 'elsewhere' });
      emit();
      return true;
    }
    const i = state.members.findIndex((x) => x.email === email);
    if (i < 0) return false;
    if (kind === 'remove') state.members.splice(i, 1);
    else if (kind === 'demote' || kind === 'promote') {
      state.members[i].owner = kind === 'promote';
      state.members[i].roles = [];
    } else return false;
    log({ kind, email, by: 'elsewhere' });
    emit();
    return true;
  }

  return {
    cfg,
    elsewhere,
    get: () => state,
    version: () => version,
    subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
    snapshot: () => clone(state),
    invite, saveMember, removeMember, revokeInvite,
    /** The person signed in again (expireAfter): the session does not end again in this tab. */
    /** A page event for the log (resetForm). */
    note: (entry) => { log(entry); emit(); },
    signIn: () => { sessionEnded = false; signedInAgain = true; log({ kind: 'signed_in' }); emit(); },
  };
}
