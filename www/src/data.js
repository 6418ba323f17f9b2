// Seeded data generation. Same config (seed, counts, workspace) => same data.
import { ROLES } from './roles.js';

export function mulberry32(a) {
  a = a >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger',
  'Radia', 'Tim', 'Hedy', 'John', 'Katherine', 'Donald', 'Sophie', 'Guido', 'Karen', 'Bjarne',
  'Anita', 'Vint', 'Shafi', 'Leslie', 'Jean', 'Niklaus', 'Adele', 'Yukihiro', 'Carol', 'Brendan',
  'Mary', 'Robin', 'Elena', 'Omar', 'Priya', 'Mateo', 'Chloe', 'Kenji', 'Amara', 'Lars'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra',
  'Perlman', 'Berners-Lee', 'Lamarr', 'McCarthy', 'Johnson', 'Knuth', 'Wilson', 'van Rossum', 'Jones', 'Stroustrup',
  'Borg', 'Cerf', 'Goldwasser', 'Lamport', 'Bartik', 'Wirth', 'Goldberg', 'Matsumoto', 'Shaw', 'Eich',
  'Keller', 'Milner', 'Garcia', 'Haddad', 'Raman', 'Silva', 'Dubois', 'Sato', 'Okafor', 'Nilsson'];

// Workspace labels (Business Tier: unlimited). More than the SelectMenu's visible rows + overscan (20),
// so the "Add label" menu is really virtualized: the last ones are not in the DOM until you filter or scroll.
export const WORKSPACE_LABELS = [
  'environment:dev', 'environment:prod', 'environment:staging',
  'brand:acme', 'brand:globex', 'brand:initech', 'brand:umbrella', 'brand:hooli', 'brand:stark', 'brand:wayne', 'brand:wonka',
  'region:eu', 'region:us', 'region:apac', 'region:latam', 'region:mena',
  'team:growth', 'team:mobile', 'team:data', 'team:web', 'team:platform', 'team:marketing', 'team:sales', 'team:support',
  'tier:gold', 'tier:silver', 'tier:bronze',
  'product:checkout', 'product:search', 'product:payments', 'product:identity', 'product:loyalty',
  'channel:email', 'channel:sms', 'channel:push', 'channel:ads',
  'compliance:gdpr', 'compliance:hipaa', 'compliance:ccpa', 'owner:analytics',
];

const FIRST_SOURCES = ['Prod iOS', 'Prod Web', 'Dev Android'];
const ENVS = ['Prod', 'Dev', 'Staging'];
const PLATFORMS = ['iOS', 'Web', 'Android', 'Server', 'Node.js', 'Python', 'Marketing Site', 'Checkout', 'HTTP API',
  'Salesforce', 'Zendesk', 'Stripe', 'React Native', 'Kotlin', 'Swift', 'Java', 'Go', 'Ruby', 'Segment Functions', 'Warehouse Reverse ETL'];

function shuffle(arr, rnd) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
const pick = (arr, rnd) => arr[Math.floor(rnd() * arr.length)];
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function generate(cfg) {
  const rnd = mulberry32(cfg.seed ^ 0x5eed1234);
  const domain = (cfg.domains && cfg.domains[0]) || `${slug(cfg.workspace) || 'acme'}.example.com`;
  // The last members take the other domains given, one each (outliers).
  const outliers = (cfg.domains || []).slice(1);
  const domainOf = (i) => (i >= cfg.members - outliers.length ? outliers[i - (cfg.members - outliers.length)] : domain);

  // Sources: the first three names are fixed, the rest come from the seed.
  const pool = shuffle(ENVS.flatMap((e) => PLATFORMS.map((p) => `${e} ${p}`)).filter((n) => !FIRST_SOURCES.includes(n)), rnd);
  const names = FIRST_SOURCES.concat(pool);
  const sources = [];
  for (let i = 0; i < cfg.sources; i++) {
    const base = names[i % names.length];
    const name = i < names.length ? base : `${base} ${Math.floor(i / names.length) + 1}`;
    const env = name.startsWith('Prod') ? 'environment:prod' : name.startsWith('Dev') ? 'environment:dev' : 'environment:staging';
    const labels = [env];
    if (rnd() < 0.5) labels.push(pick(['brand:acme', 'brand:globex', 'brand:initech'], rnd));
    if (rnd() < 0.4) labels.push(pick(['region:eu', 'region:us', 'region:apac'], rnd));
    sources.push({ name, labels });
  }

  const usedEmails = new Set();
  const person = (at = domain) => {
    for (let tries = 0; ; tries++) {
      const first = pick(FIRST, rnd), last = pick(LAST, rnd);
      let email = `${slug(first)}.${slug(last)}@${at}`;
      if (tries > 20) email = `${slug(first)}.${slug(last)}${tries}@${at}`;
      if (!usedEmails.has(email)) { usedEmails.add(email); return { name: `${first} ${last}`, email }; }
    }
  };
  const randomGrants = () => {
    const grants = [];
    const n = Math.floor(rnd() * 3);
    const roles = shuffle(ROLES, rnd).slice(0, n);
    for (const r of roles) {
      let scope = { kind: 'unscoped' };
      if (r.scoped) {
        const k = rnd();
        if (k < 0.4 || !sources.length) scope = { kind: 'all', labels: [] };
        else if (k < 0.6) scope = { kind: 'all', labels: [pick(['environment:dev', 'environment:prod'], rnd)] };
        else scope = { kind: 'specific', resources: shuffle(sources, rnd).slice(0, 1 + Math.floor(rnd() * Math.min(3, sources.length))).map((s) => s.name) };
      }
      grants.push({ role: r.name, scope });
    }
    return grants;
  };

  const members = [];
  for (let i = 0; i < cfg.members; i++) {
    const p = person(domainOf(i));
    const owner = cfg.ownersAt && cfg.ownersAt.length ? cfg.ownersAt.includes(i) : i < cfg.owners;
    members.push({ email: p.email, name: p.name, owner, roles: owner ? [] : randomGrants() });
  }
  // A display name that looks like an email (issue 17: it must never be read as the address).
  if (cfg.emailName !== null && cfg.emailName !== undefined && members[cfg.emailName]) {
    members[cfg.emailName].name = `newhire@${domain}`;
  }
  const invites = [];
  for (let i = 0; i < cfg.pending; i++) {
    const p = person();
    const owner = rnd() < 0.15;
    invites.push({ email: p.email.replace('@', `.invite@`), owner, roles: owner ? [] : randomGrants() });
  }
  return {
    workspace: cfg.workspace,
    signedIn: members[cfg.me] ? members[cfg.me].email : null,
    members,
    invites,
    sources,
    labels: WORKSPACE_LABELS.slice(),
    log: [],
  };
}
