// URL variants of the replica. Every parameter is optional.
function int(v, def, min = 0, max = 100000) {
  if (v === null || v === undefined || v === '') return def;
  const n = Math.floor(Number(v));
  if (!Number.isFinite(n)) return def;
  return Math.max(min, Math.min(max, n));
}
function num(v, def, min, max) {
  if (v === null || v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n)) return def;
  return Math.max(min, Math.min(max, n));
}

export function parseConfig(loc = window.location) {
  const q = new URLSearchParams(loc.search);
  const segs = loc.pathname.split('/').filter(Boolean);
  const workspace = decodeURIComponent(segs[0] || 'acme');
  const members = int(q.get('members'), 12, 1, 5000);
  const owners = int(q.get('owners'), 2, 0, members);
  const me = int(q.get('me'), 0, 0, members - 1);
  const PAGERS = ['numbered', 'text', 'icons', 'loadmore', 'scroll', 'virtual', 'none', 'unnamed'];
  const ownersAt = (q.get('ownersAt') || '').split(',').filter((x) => x !== '').map((x) => int(x, -1, 0, members - 1)).filter((x) => x >= 0);
  return {
    workspace,
    era: q.get('era') === '2020' ? '2020' : '2019',
    form: q.get('form') === 'dialog' ? 'dialog' : 'sheet',
    // The invite form is a real <form>: Enter in a field or a script's requestSubmit() submits it.
    htmlForm: q.get('htmlForm') === '1',
    latency: int(q.get('latency'), 150, 0, 600000),
    jitter: int(q.get('jitter'), 0, 0, 600000),
    fail: num(q.get('fail'), 0, 0, 1),
    seed: int(q.get('seed'), 1, -2147483648, 2147483647),
    members,
    owners,
    pending: int(q.get('pending'), 3, 0, 5000),
    sources: int(q.get('sources'), 8, 0, 5000),
    maxEmails: int(q.get('maxEmails'), 50, 1, 100000),
    plan: q.get('plan') === 'team' ? 'team' : 'business',
    me,
    csp: q.get('csp') || 'none',
    persist: q.get('persist') === '1',
    // The workspace switcher's list: this one first, then the others named (default: one more).
    workspaces: [...new Set([workspace, ...(q.get('workspaces') ? q.get('workspaces').split(',').map((w) => w.trim()).filter(Boolean)
      : [workspace === 'globex' ? 'acme' : 'globex'])])],
    pager: PAGERS.includes(q.get('pager')) ? q.get('pager') : 'numbered',
    pageSize: int(q.get('pageSize'), 25, 1, 1000),
    // A rows-per-page selector shows only when pageSize is given (and the pager pages).
    pageSizeSelector: q.has('pageSize'),
    paging: q.get('paging') === 'server' ? 'server' : 'client',
    search: q.get('search') === 'server' ? 'server' : 'client',
    ownersAt,
    emailName: q.has('emailName') ? int(q.get('emailName'), 0, 0, members - 1) : null,
    saveFail: num(q.get('saveFail'), 0, 0, 1),
    // The session ends after this many accepted invite submissions (0: never): the next one is
    // refused and the app sends the person to the sign-in page.
    expireAfter: int(q.get('expireAfter'), 0, 0, 100000),
    // The invite form re-renders from scratch once (email and roles cleared) right after the
    // first role is chosen in it, as an app refreshing its data mid-typing does.
    resetForm: q.get('resetForm') === '1',
    // Members' domains: the first for most of them, each other one for one of the last members.
    domains: (q.get('domains') || '').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean),
    // ms between a click on the invite button and the form showing (a slow app loading the form).
    openDelay: int(q.get('openDelay'), 0, 0, 600000),
    // The users table's role summary shows at most this many roles, then "+ N more".
    summaryMax: q.has('summaryMax') ? int(q.get('summaryMax'), 0, 0, 100) : Infinity,
    // What "Edit Invite" shows: the invite's role editor (as a member's, with Cancel and no
    // Save), or only "Revoke Invite" beside the invite's summary (an app whose invites show
    // no more than a summary).
    invitePanel: q.get('invitePanel') === 'summary' ? 'summary' : 'editor',
    // Most people (members and pending invites) the plan allows (0: no limit). A workspace
    // already at or over it (a downgraded plan) refuses new invites; revoking frees seats.
    seatLimit: int(q.get('seatLimit'), 0, 0, 1000000),
  };
}
