import React, { useMemo, useState } from 'react';
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

export const PAGE_SIZE = 25;

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

function rolesText(rec) {
  if (rec.owner) return 'All';
  if (!rec.roles.length) return '-';
  return rec.roles.map(grantSummary).join(', ');
}

function downloadCsv(state) {
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

function UsersTab({ onInvite, onOpen }) {
  const store = useStore();
  const { cfg } = store;
  const state = store.get();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const rows = useMemo(() => {
    const all = state.members.map((m) => ({ kind: 'member', ...m })).concat(state.invites.map((i) => ({ kind: 'invite', name: '', ...i })));
    const q = query.trim().toLowerCase();
    return q ? all.filter((r) => r.email.toLowerCase().includes(q) || (r.name || '').toLowerCase().includes(q)) : all;
  }, [state, store.version(), query]);
  const totalPages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, totalPages);
  const pageRows = rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const owner = cfg.era === '2020' ? 'Workspace Owner' : 'Owner';
  const member = cfg.era === '2020' ? 'Workspace Member' : 'Member';

  return (
    <Pane>
      <Pane display="flex" alignItems="center" marginBottom={majorScale(2)}>
        <SearchInput placeholder="Search" width={280} value={query} onChange={(e) => { setQuery(e.target.value); setPage(1); }} />
        <Pane flex={1} />
        <Button iconBefore={DownloadIcon} marginRight={majorScale(1)} onClick={() => downloadCsv(state)}>Download CSV</Button>
        <Button appearance="primary" iconBefore={PlusIcon} onClick={onInvite}>Invite Team Member</Button>
      </Pane>
      <Table data-replica="users-table">
        <Table.Head>
          <Table.TextHeaderCell flexBasis={300} flexGrow={2}>Team Member</Table.TextHeaderCell>
          <Table.TextHeaderCell flexBasis={120} flexGrow={0}>Pending</Table.TextHeaderCell>
          <Table.TextHeaderCell flexBasis={160} flexGrow={0}>Permission</Table.TextHeaderCell>
          <Table.TextHeaderCell flexGrow={2}>Individual Roles</Table.TextHeaderCell>
          <Table.TextHeaderCell flexBasis={180} flexGrow={0} textAlign="right"> </Table.TextHeaderCell>
        </Table.Head>
        <Table.Body>
          {pageRows.map((r) => {
            const me = r.kind === 'member' && r.email === state.signedIn;
            return (
              <Table.Row key={r.kind + r.email} height={64} isSelectable onSelect={() => onOpen(r.kind, r.email)}
                data-email={r.email} data-kind={r.kind}>
                <Table.Cell flexBasis={300} flexGrow={2}>
                  <Avatar name={r.kind === 'invite' ? '-' : r.name} size={32} marginRight={12} flexShrink={0} />
                  <Pane minWidth={0}>
                    <Strong size={300} display="block" whiteSpace="nowrap" overflow="hidden" textOverflow="ellipsis">
                      {r.kind === 'invite' ? '-' : me ? `${r.name} (you)` : r.name}
                    </Strong>
                    <Text size={300} color="muted" display="block" whiteSpace="nowrap" overflow="hidden" textOverflow="ellipsis">{r.email}</Text>
                  </Pane>
                </Table.Cell>
                <Table.Cell flexBasis={120} flexGrow={0}>
                  {r.kind === 'invite' && <Badge color="neutral">{cfg.era === '2020' ? 'Invite Pending' : 'Pending'}</Badge>}
                </Table.Cell>
                <Table.TextCell flexBasis={160} flexGrow={0}>{r.owner ? owner : member}</Table.TextCell>
                <Table.Cell flexGrow={2}>
                  <Text size={300} title={rolesText(r)} overflow="hidden" display="-webkit-box" style={{ WebkitLineClamp: 2, WebkitBoxOrient: 'vertical' }}>{rolesText(r)}</Text>
                </Table.Cell>
                <Table.Cell flexBasis={180} flexGrow={0} justifyContent="flex-end">
                  {me ? <Text size={300} color="muted">Workspace Membership</Text>
                    : <Link href="#" size={300} onClick={(e) => { e.preventDefault(); e.stopPropagation(); onOpen(r.kind, r.email); }}>Edit</Link>}
                </Table.Cell>
              </Table.Row>
            );
          })}
          {!pageRows.length && (
            <Pane padding={majorScale(4)} textAlign="center"><Text color="muted">No team members match your search</Text></Pane>
          )}
        </Table.Body>
      </Table>
      <Pane display="flex" alignItems="center" justifyContent="space-between" marginTop={majorScale(2)}>
        <Text size={300} color="muted" data-replica="row-count">
          {rows.length ? `Showing ${(current - 1) * PAGE_SIZE + 1}–${(current - 1) * PAGE_SIZE + pageRows.length} of ${rows.length}` : 'No results'}
        </Text>
        <Pagination page={current} totalPages={totalPages}
          onNextPage={() => setPage(Math.min(totalPages, current + 1))}
          onPreviousPage={() => setPage(Math.max(1, current - 1))}
          onPageChange={(p) => setPage(p)} />
      </Pane>
    </Pane>
  );
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
              {tab === 'Users' && <UsersTab onInvite={() => setInviting(true)} onOpen={onOpen} />}
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
