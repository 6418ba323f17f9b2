// The Users tab: search, the users table and its pager. `pager=` picks the pager's shape (see
// www/README.md); `paging=server` / `search=server` answer page and search changes after the
// latency, keeping the previous rows meanwhile and saying "Loading…". The default (numbered,
// client-side) renders exactly as before the variants existed.
import React, { useEffect, useMemo, useRef, useState } from 'react';
import {
  Pane, Text, Strong, Table, Button, IconButton, SearchInput, Pagination, Badge, Avatar, Link, Select,
  PlusIcon, DownloadIcon, ChevronLeftIcon, ChevronRightIcon, majorScale,
} from 'evergreen-ui';
import { useStore } from './hooks.js';
import { rolesText, downloadCsv } from './App.jsx';

const ROW_HEIGHT = 64;
const LIST_HEIGHT = 480;
const SIZES = [10, 25, 50, 100];

function UserRow({ r, state, cfg, onOpen, style }) {
  const me = r.kind === 'member' && r.email === state.signedIn;
  const owner = cfg.era === '2020' ? 'Workspace Owner' : 'Owner';
  const member = cfg.era === '2020' ? 'Workspace Member' : 'Member';
  return (
    <Table.Row height={ROW_HEIGHT} isSelectable onSelect={() => onOpen(r.kind, r.email)}
      data-email={r.email} data-kind={r.kind} style={style}>
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
        <Text size={300} title={rolesText(r, cfg.summaryMax)} overflow="hidden" display="-webkit-box" style={{ WebkitLineClamp: 2, WebkitBoxOrient: 'vertical' }}>{rolesText(r, cfg.summaryMax)}</Text>
      </Table.Cell>
      <Table.Cell flexBasis={180} flexGrow={0} justifyContent="flex-end">
        {me ? <Text size={300} color="muted">Workspace Membership</Text>
          : <Link href="#" size={300} onClick={(e) => { e.preventDefault(); e.stopPropagation(); onOpen(r.kind, r.email); }}>Edit</Link>}
      </Table.Cell>
    </Table.Row>
  );
}

/**
 * The rows the "server" answers for `view` (query, page, size, count): at once on the client,
 * after the latency for the parts the config sends to the server. Previous rows stay meanwhile.
 */
function useAnswer(all, view, cfg, version) {
  const compute = () => {
    const q = view.query.trim().toLowerCase();
    const rows = q ? all.filter((r) => r.email.toLowerCase().includes(q) || (r.name || '').toLowerCase().includes(q)) : all;
    return { rows, view };
  };
  const [answer, setAnswer] = useState(compute);
  const [loading, setLoading] = useState(false);
  const last = useRef(view);
  useEffect(() => {
    const before = last.current;
    last.current = view;
    const remote = (cfg.search === 'server' && before.query !== view.query)
      || (cfg.paging === 'server' && (before.page !== view.page || before.size !== view.size || before.count !== view.count));
    if (!remote) { setAnswer(compute()); setLoading(false); return undefined; }
    setLoading(true);
    const t = setTimeout(() => { setAnswer(compute()); setLoading(false); }, cfg.latency);
    return () => clearTimeout(t);
  }, [view.query, view.page, view.size, view.count, version]);
  return [answer, loading];
}

function Loading() {
  return <Text size={300} color="muted" aria-busy="true" data-replica="loading">Loading…</Text>;
}

function SizeSelect({ size, onChange }) {
  return (
    <Pane display="flex" alignItems="center" marginRight={majorScale(2)}>
      <Text is="label" htmlFor="replica-rows-per-page" size={300} marginRight={8}>Rows per page:</Text>
      <Select id="replica-rows-per-page" width={80} value={String(size)} onChange={(e) => onChange(Number(e.target.value))}>
        {SIZES.map((n) => <option key={n} value={String(n)}>{n}</option>)}
      </Select>
    </Pane>
  );
}

export function UsersTab({ onInvite, onOpen }) {
  const store = useStore();
  const { cfg } = store;
  const state = store.get();
  const shape = cfg.pager;
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(cfg.pageSize);
  const [count, setCount] = useState(cfg.pageSize); // rows loaded (loadmore, scroll)
  const all = useMemo(
    () => state.members.map((m) => ({ kind: 'member', ...m })).concat(state.invites.map((i) => ({ kind: 'invite', name: '', ...i }))),
    [state, store.version()],
  );
  const view = { query, page, size, count };
  const [answer, loading] = useAnswer(all, view, cfg, store.version());
  const rows = answer.rows;
  const shown = answer.view; // the view the rows answer (previous rows while loading)
  const totalPages = Math.max(1, Math.ceil(rows.length / shown.size));
  const current = Math.min(shown.page, totalPages);
  const paged = ['numbered', 'text', 'icons', 'unnamed'].includes(shape);
  const appended = shape === 'loadmore' || shape === 'scroll';
  const pageRows = paged ? rows.slice((current - 1) * shown.size, current * shown.size)
    : appended ? rows.slice(0, shown.count) : rows;
  const first = (current - 1) * shown.size + 1;
  const rangeText = rows.length ? `Showing ${first}–${first - 1 + pageRows.length} of ${rows.length}` : 'No results';
  const go = (p) => setPage(Math.max(1, Math.min(totalPages, p)));
  const more = () => { if (!loading && count < rows.length) setCount(count + cfg.pageSize); };
  const onScroll = (e) => {
    const el = e.currentTarget;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 8) more();
  };
  const body = (r) => <UserRow key={r.kind + r.email} r={r} state={state} cfg={cfg} onOpen={onOpen} />;
  const empty = !pageRows.length && (
    <Pane padding={majorScale(4)} textAlign="center"><Text color="muted">No team members match your search</Text></Pane>
  );

  let table;
  if (shape === 'virtual') {
    table = (
      <Table.VirtualBody height={LIST_HEIGHT} data-replica="users-list">
        {pageRows.map(body)}
      </Table.VirtualBody>
    );
  } else if (shape === 'scroll') {
    table = (
      <Table.Body height={LIST_HEIGHT} overflowY="auto" onScroll={onScroll} data-replica="users-list">
        {pageRows.map(body)}
        {empty}
        {loading && <Pane padding={majorScale(2)} textAlign="center"><Text size={300} color="muted" aria-busy="true">Loading more…</Text></Pane>}
      </Table.Body>
    );
  } else {
    table = <Table.Body>{pageRows.map(body)}{empty}</Table.Body>;
  }

  let footer;
  const sizeSelect = cfg.pageSizeSelector && paged && <SizeSelect size={size} onChange={(n) => { setSize(n); setPage(1); }} />;
  if (shape === 'numbered') {
    const pagination = (
      <Pagination page={current} totalPages={totalPages}
        onNextPage={() => go(current + 1)} onPreviousPage={() => go(current - 1)} onPageChange={(p) => go(p)} />
    );
    footer = (
      <Pane display="flex" alignItems="center" justifyContent="space-between" marginTop={majorScale(2)}>
        <Text size={300} color="muted" data-replica="row-count">{rangeText}</Text>
        {sizeSelect || loading ? (
          <Pane display="flex" alignItems="center">
            {sizeSelect}
            {loading && <Loading />}
            {pagination}
          </Pane>
        ) : pagination}
      </Pane>
    );
  } else if (shape === 'text') {
    footer = (
      <Pane display="flex" alignItems="center" justifyContent="space-between" marginTop={majorScale(2)}>
        <Text size={300} color="muted" data-replica="row-count">{rangeText}</Text>
        <Pane display="flex" alignItems="center">
          {sizeSelect}
          {loading && <Loading />}
          <Button appearance="minimal" disabled={current === 1} onClick={() => go(current - 1)}>‹ Previous</Button>
          <Text size={300} marginX={majorScale(1)}>Page {current} of {totalPages}</Text>
          <Button appearance="minimal" disabled={current === totalPages} onClick={() => go(current + 1)}>Next ›</Button>
        </Pane>
      </Pane>
    );
  } else if (shape === 'icons' || shape === 'unnamed') {
    // icons: MUI TablePagination's names; unnamed: a pager whose controls have no accessible name.
    const named = shape === 'icons';
    footer = (
      <Pane display="flex" alignItems="center" justifyContent="flex-end" marginTop={majorScale(2)}>
        {sizeSelect}
        <Text size={300} color="muted" marginRight={majorScale(2)} data-replica="row-count">
          {named ? (rows.length ? `${first}–${first - 1 + pageRows.length} of ${rows.length}` : '0–0 of 0') : rangeText}
        </Text>
        {loading && <Loading />}
        <IconButton icon={ChevronLeftIcon} appearance="minimal" disabled={current === 1} onClick={() => go(current - 1)}
          {...(named ? { 'aria-label': 'Go to previous page', title: 'Go to previous page' } : {})} />
        {!named && Array.from({ length: totalPages }, (_, i) => (
          <Button key={i} appearance={i + 1 === current ? 'primary' : 'minimal'} onClick={() => go(i + 1)} marginX={2}>{i + 1}</Button>
        ))}
        <IconButton icon={ChevronRightIcon} appearance="minimal" disabled={current === totalPages} onClick={() => go(current + 1)}
          {...(named ? { 'aria-label': 'Go to next page', title: 'Go to next page' } : {})} />
      </Pane>
    );
  } else if (shape === 'loadmore') {
    footer = (
      <Pane display="flex" flexDirection="column" alignItems="center" marginTop={majorScale(2)}>
        <Text size={300} color="muted" data-replica="row-count">Showing {pageRows.length} of {rows.length}</Text>
        {shown.count < rows.length && (
          <Button marginTop={majorScale(1)} isLoading={loading} onClick={more}>Load more</Button>
        )}
      </Pane>
    );
  } else {
    // scroll, virtual, none: the total above the table's end.
    footer = (
      <Pane marginTop={majorScale(2)}>
        <Text size={300} color="muted" data-replica="row-count">{rows.length} {rows.length === 1 ? 'team member' : 'team members'}</Text>
      </Pane>
    );
  }

  return (
    <Pane>
      <Pane display="flex" alignItems="center" marginBottom={majorScale(2)}>
        <SearchInput placeholder="Search" width={280} value={query}
          onChange={(e) => { setQuery(e.target.value); setPage(1); setCount(cfg.pageSize); }} />
        {shape !== 'numbered' && loading && <Pane marginLeft={majorScale(1)}><Loading /></Pane>}
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
        {table}
      </Table>
      {footer}
    </Pane>
  );
}
