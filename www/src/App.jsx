import React, { useEffect, useMemo, useState } from 'react';
import Papa from 'papaparse';
import {
  Pane, Heading, Text, Strong, Tablist, Tab, Table, Button, SearchInput, Pagination, Badge, Avatar, Link,
  PlusIcon, DownloadIcon, majorScale,
} from 'evergreen-ui';
import { useStore } from './hooks.js';
import { grantSummary } from './roles.js';
import { InviteForm } from './InviteForm.jsx';
import { EditorSheet, EditorPage } from './MemberEditor.jsx';
import { LeftNav } from './Nav.jsx';
import { UsersTab } from './UsersTab.jsx';

export const PAGE_SIZE = 25;

// Tests only (window.__replica.switchEditor): moves the open member editor to another member as
// the page does when its state moves under an open editor (a re-render that swaps the selected
// record): the editor stays mounted, its name, email, Save and Remove now belong to that member,
// and its draft (the radios and roles as edited) stays. Nothing in the app calls it.
let openEditor = null;
export function switchEditor(email) {
  return openEditor ? openEditor(String(email)) : false;
}

const SETTINGS_TABS = ['General Settings', 'Audit Forwarding', 'Support Access', 'Access Management', 'Regional Settings'];

function PlaceholderTab({ button, headers, empty }) {
  return (
    <Pane>
      <Pane display="flex" alignItems="center" marginBottom={majorScale(2)}>
        <SearchInput placeholder="Search" width={280} />
        <Pane flex={1} />
        <Button appearance="primary" iconBefore={PlusIcon}>{button}</Button>
      </Pane>
      <Table>
        <Table.Head>{headers.map((h) => <Table.TextHeaderCell key={h}>{h}</Table.TextHeaderCell>)}</Table.Head>
        <Table.Body><Pane padding={majorScale(4)} textAlign="center"><Text color="muted">{empty}</Text></Pane></Table.Body>
      </Table>
    </Pane>
  );
}

// `max`: show at most this many roles, then "+ N more" (as Segment's table does for long lists).
export function rolesText(rec, max = Infinity) {
  if (rec.owner) return 'All';
  if (!rec.roles.length) return '-';
  const shown = rec.roles.slice(0, max).map(grantSummary).join(', ');
  const more = rec.roles.length - Math.min(max, rec.roles.length);
  if (!more) return shown;
  return shown ? `${shown} + ${more} more` : `+ ${more} more`;
}

export function downloadCsv(state) {
  const rows = state.members.map((m) => ({ Name: m.name, Email: m.email, Status: 'Active', Permission: m.owner ? 'Workspace Owner' : 'Workspace Member', Roles: rolesText(m) }))
    .concat(state.invites.map((i) => ({ Name: '', Email: i.email, Status: 'Pending', Permission: i.owner ? 'Workspace Owner' : 'Workspace Member', Roles: rolesText(i) })));
  const blob = new Blob([Papa.unparse(rows)], { type: 'text/csv' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${state.workspace}-users.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function App({ workspaces }) {
  const store = useStore();
  const { cfg } = store;
  const state = store.get();
  const [tab, setTab] = useState('Users');
  const [inviting, setInviting] = useState(false);
  const [open, setOpen] = useState(null); // { kind, email, record, key }
  const [openKey, setOpenKey] = useState(0);

  const onOpen = (kind, email) => {
    const list = kind === 'member' ? state.members : state.invites;
    const record = list.find((x) => x.email === email);
    if (!record) return;
    setOpenKey((k) => k + 1);
    setOpen({ kind, email, record: JSON.parse(JSON.stringify(record)), key: openKey + 1 });
  };

  const pageEditor = cfg.era === '2020' && open;

  useEffect(() => {
    if (open?.kind !== 'member') return undefined;
    const mine = (email) => {
      const record = state.members.find((x) => x.email === email);
      if (!record) return false;
      // Same key: the editor is not re-mounted, so its draft is kept.
      setOpen((o) => ({ ...o, email, record: JSON.parse(JSON.stringify(record)) }));
      return true;
    };
    openEditor = mine;
    return () => { if (openEditor === mine) openEditor = null; };
  }, [open, state]);

  return (
    <Pane display="flex" minHeight="100vh">
      <LeftNav workspace={state.workspace} workspaces={workspaces} active="Settings" />
      <Pane flex={1} minWidth={0} is="main">
        <Pane background="white" borderBottom="muted" paddingX={majorScale(5)} paddingTop={majorScale(3)}>
          <Heading size={700} marginBottom={majorScale(2)}>Workspace Settings</Heading>
          <Tablist aria-label="Workspace Settings">
            {SETTINGS_TABS.map((t) => (
              <Tab key={t} is="a" href="#" id={`settings-tab-${t}`} isSelected={t === 'Access Management'} onSelect={() => {}}
                onClick={(e) => e.preventDefault()} appearance="primary">{t}</Tab>
            ))}
          </Tablist>
        </Pane>
        <Pane padding={majorScale(5)} maxWidth={1320}>
          {pageEditor ? (
            <EditorPage key={open.key} kind={open.kind} record={open.record} onBack={() => setOpen(null)} />
          ) : (
            <Pane background="white" elevation={1} borderRadius={8} padding={majorScale(4)}>
              <Heading is="h1" size={800} marginBottom={majorScale(3)}>Access Management</Heading>
              <Tablist marginBottom={majorScale(3)} aria-label="Access Management">
                {['Users', 'User Groups', 'Tokens'].map((t) => (
                  <Tab key={t} id={`am-tab-${t}`} isSelected={tab === t} onSelect={() => setTab(t)} appearance="primary">{t}</Tab>
                ))}
              </Tablist>
              {tab === 'Users' && <UsersTab onInvite={() => (cfg.openDelay ? setTimeout(() => setInviting(true), cfg.openDelay) : setInviting(true))} onOpen={onOpen} />}
              {tab === 'User Groups' && <PlaceholderTab button="Create User Group" headers={['User Group', 'Members']} empty="No user groups yet" />}
              {tab === 'Tokens' && <PlaceholderTab button="Create Token" headers={['Token ID', 'Roles', 'Type']} empty="No tokens yet" />}
            </Pane>
          )}
        </Pane>
      </Pane>
      <InviteForm isShown={inviting} onClose={() => setInviting(false)} />
      {cfg.era === '2019' && open && (
        <EditorSheet key={open.key} kind={open.kind} record={open.record} isShown onClose={() => setOpen(null)} />
      )}
    </Pane>
  );
}
