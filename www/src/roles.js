// Current role names (fact sheet 1.7) with descriptions. `scoped: 'Sources'` marks the
// resource-scoped roles that get an "Edit Sources" picker.
export const ROLES = [
  { name: 'Source Admin', scoped: true,
    description: 'Edit access to assigned Source(s), Source settings, enabled Destinations, Schema, live data in the Debugger, and connected Tracking Plans.' },
  { name: 'Source Read-only', scoped: true,
    description: 'Read-only access to assigned Source(s), Source settings, enabled Destinations, Schema, live data in the Debugger, and connected Tracking Plans.' },
  { name: 'Function Admin', description: 'Create, edit, and delete Functions, and connect them to Sources and Destinations.' },
  { name: 'Function Read-only', description: 'Read-only access to Functions and their settings.' },
  { name: 'Tracking Plan Admin', description: 'Edit access to all Tracking Plans in Protocols.' },
  { name: 'Tracking Plan Read-only', description: 'Read-only access to all Tracking Plans in Protocols.' },
  { name: 'Warehouse Destination Admin', description: 'Edit access to all Warehouses and their settings.' },
  { name: 'Warehouse Destination Read-only', description: 'Read-only access to all Warehouses and their settings.' },
  { name: 'Unify and Engage Admin', description: 'Edit access to Unify and Engage spaces, Audiences, Computed Traits, Journeys and their settings.' },
  { name: 'Unify and Engage Read-only', description: 'Read-only access to Unify and Engage spaces, including Audiences, Computed Traits and Journeys.' },
  // One role, as roles.md lists it ("Profiles Read-only, Engage User" before 2023).
  { name: 'Unify Read-only, Engage User', description: 'Read-only access to Unify spaces and profiles, and access to Engage Audiences and Journeys without space settings.' },
  { name: 'Identity Admin', description: 'Edit access to Identity Resolution settings in Unify spaces.' },
  { name: 'End User Privacy Admin', description: 'Edit access to End User Privacy settings, deletion and suppression requests.' },
  { name: 'Entities Admin', description: 'Edit access to Linked Entities and their data graph.' },
  { name: 'Entities Read-only', description: 'Read-only access to Linked Entities and their data graph.' },
];
// Free and Team plans can grant only Workspace Owner and Source Admin (membership.md).
export const offeredRoles = (plan) => (plan === 'team' ? ROLES.filter((r) => r.name === 'Source Admin') : ROLES);

export const ROLE_BY_NAME = Object.fromEntries(ROLES.map((r) => [r.name, r]));
export const isScoped = (name) => !!(ROLE_BY_NAME[name] && ROLE_BY_NAME[name].scoped);

export const OWNER_DESCRIPTION = 'Owners have full read and edit access to everything in the workspace, including Sources, Destinations, add-on products, and settings. Owners have full edit access to all Team Permissions.';
export const MEMBER_DESCRIPTION = 'By default, members do not have access to anything. Members must be manually assigned admin or read-only access to Sources, Warehouses, add-on products, and more. Members can only view the entities they are granted access to.';

// "Source Admin (All)", "Source Admin (1 Label)", "Source Admin (2)", "Function Admin"
export function grantSummary(g) {
  if (!g.scope || g.scope.kind === 'unscoped') return g.role;
  if (g.scope.kind === 'all') {
    const n = g.scope.labels.length;
    return n ? `${g.role} (${n} Label${n > 1 ? 's' : ''})` : `${g.role} (All)`;
  }
  return `${g.role} (${g.scope.resources.length})`;
}
