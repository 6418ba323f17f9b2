import React, { useState } from 'react';
import {
  Pane, Heading, Paragraph, Text, Button, SideSheet, Dialog, Avatar, Badge, Tablist, Tab, Table, Strong,
  ArrowLeftIcon, toaster, majorScale,
} from 'evergreen-ui';
import { RoleEditor } from './RoleEditor.jsx';
import { useStore } from './hooks.js';
import { grantSummary } from './roles.js';

const clone = (x) => JSON.parse(JSON.stringify(x));

function RemoveDialog({ isShown, email, workspace, era, onConfirmed, onClose }) {
  const store = useStore();
  const [loading, setLoading] = useState(false);
  const title = era === '2020' ? 'Delete User' : 'Remove Team Member';
  return (
    <Dialog
      isShown={isShown}
      title={title}
      intent="danger"
      confirmLabel={era === '2020' ? 'Delete' : 'Remove'}
      isConfirmLoading={loading}
      shouldCloseOnOverlayClick={!loading}
      shouldCloseOnEscapePress={!loading}
      onCancel={(close) => close()}
      onConfirm={async (close) => {
        if (loading) return;
        setLoading(true);
        const res = await store.removeMember(email);
        setLoading(false);
        if (res.ok) {
          toaster.success(`Removed ${email} from ${workspace}`);
          close();
          onConfirmed();
        } else {
          toaster.danger(res.error);
        }
      }}
      onCloseComplete={onClose}
      containerProps={{ 'data-replica': 'remove-dialog' }}
    >
      {`Are you sure you want to remove ${email} from ${workspace}?`}
    </Dialog>
  );
}

// Editor body shared by both eras. `kind` is 'member' or 'invite'.
function useEditor(kind, record, onDone) {
  const store = useStore();
  const [draft, setDraft] = useState(() => ({ owner: record.owner, roles: clone(record.roles) }));
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [editingInvite, setEditingInvite] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);

  const save = async (closeAfter) => {
    if (saving) return;
    setSaving(true);
    const res = await store.saveMember(record.email, draft);
    setSaving(false);
    if (res.ok) {
      toaster.success(`Saved changes for ${record.name || record.email}`);
      if (closeAfter) onDone();
    } else toaster.danger(res.error);
  };
  const revoke = async () => {
    if (revoking) return;
    setRevoking(true);
    const res = await store.revokeInvite(record.email);
    setRevoking(false);
    if (res.ok) { toaster.success(`Revoked the invite for ${record.email}`); onDone(); } else toaster.danger(res.error);
  };
  // Leaving "Edit Invite" drops whatever was changed in its role editor.
  const cancelInvite = () => {
    setEditingInvite(false);
    setDraft({ owner: record.owner, roles: clone(record.roles) });
  };
  return { store, draft, setDraft, saving, save, confirming, setConfirming, editingInvite, setEditingInvite, revoking, revoke, cancelInvite, pickerOpen, setPickerOpen };
}

function InviteBody({ record }) {
  return (
    <Pane>
      <Pane display="flex" alignItems="center" marginBottom={majorScale(2)}>
        <Badge color="neutral" marginRight={8}>Invite Pending</Badge>
        <Text size={300} color="muted">This person has not accepted the invite yet.</Text>
      </Pane>
      <Heading size={400} marginBottom={8}>Permission</Heading>
      <Paragraph marginBottom={majorScale(2)}>{record.owner ? 'Workspace Owner' : 'Workspace Member'}</Paragraph>
      <Heading size={400} marginBottom={8}>Individual Roles</Heading>
      {record.owner ? <Paragraph>All</Paragraph>
        : record.roles.length ? record.roles.map((g) => <Paragraph key={g.role} data-grant={g.role}>{grantSummary(g)}</Paragraph>)
          : <Paragraph color="muted">No roles</Paragraph>}
    </Pane>
  );
}

// "Edit Invite" (invitePanel=editor): the invite's exact grants in the same role editor as a
// member's. Invites cannot be changed in place (the Terraform provider deletes and re-creates
// them), so there is no Save: "Cancel" drops the draft, "Revoke Invite" revokes.
function InviteEditor({ ed, state }) {
  return (
    <>
      <Heading size={500} marginBottom={majorScale(1)}>Permissions</Heading>
      <Paragraph size={300} color="muted" marginBottom={majorScale(2)}>This invite's workspace level permission and roles.</Paragraph>
      <RoleEditor value={ed.draft} onChange={ed.setDraft} sources={state.sources} labels={state.labels} onPickerChange={ed.setPickerOpen} />
    </>
  );
}

const editsInvite = (ed) => ed.editingInvite && ed.store.cfg.invitePanel !== 'summary';

function InviteButtons({ ed }) {
  if (!ed.editingInvite) return <Button onClick={() => ed.setEditingInvite(true)}>Edit Invite</Button>;
  return (
    <>
      <Button marginRight={8} onClick={ed.cancelInvite}>Cancel</Button>
      <Button appearance="primary" intent="danger" isLoading={ed.revoking} onClick={ed.revoke}>Revoke Invite</Button>
    </>
  );
}

// era 2019: everything in an Evergreen SideSheet.
export function EditorSheet({ kind, record, isShown, onClose }) {
  const ed = useEditor(kind, record, () => setShown(false));
  const [shown, setShown] = useState(true);
  const { store } = ed;
  const state = store.get();
  const isMe = kind === 'member' && record.email === state.signedIn;
  return (
    <SideSheet
      isShown={isShown && shown}
      width={620}
      shouldCloseOnOverlayClick={!ed.saving}
      shouldCloseOnEscapePress={!ed.confirming && !ed.pickerOpen && !ed.saving}
      onCloseComplete={onClose}
      containerProps={{ display: 'flex', flex: '1', flexDirection: 'column', 'data-replica': kind === 'member' ? 'member-editor' : 'invite-panel' }}
    >
      <Pane zIndex={1} flexShrink={0} elevation={0} backgroundColor="white" padding={majorScale(2)} borderBottom="muted" display="flex" alignItems="center">
        <Avatar name={record.name || '-'} size={40} marginRight={12} />
        <Pane flex={1} minWidth={0}>
          <Heading size={600}>{kind === 'member' ? `${record.name}${isMe ? ' (you)' : ''}` : '-'}</Heading>
          <Paragraph size={300} color="muted">{record.email}</Paragraph>
        </Pane>
        {kind === 'member' ? (
          <>
            <Button appearance="minimal" intent="danger" marginRight={8} onClick={() => ed.setConfirming(true)}>Remove Team Member</Button>
            <Button appearance="primary" isLoading={ed.saving} onClick={() => ed.save(true)}>Save</Button>
          </>
        ) : <InviteButtons ed={ed} />}
      </Pane>
      <Pane flex="1" overflowY="auto" background="tint1" padding={majorScale(3)}>
        <Pane background="white" border="muted" borderRadius={6} padding={majorScale(3)}>
          {kind === 'member' ? (
            <>
              <Heading size={500} marginBottom={majorScale(1)}>Permissions</Heading>
              <Paragraph size={300} color="muted" marginBottom={majorScale(2)}>Select the workspace level permission and if applicable, roles to assign this team member.</Paragraph>
              <RoleEditor value={ed.draft} onChange={ed.setDraft} sources={state.sources} labels={state.labels} onPickerChange={ed.setPickerOpen} />
            </>
          ) : editsInvite(ed) ? <InviteEditor ed={ed} state={state} /> : <InviteBody record={record} />}
        </Pane>
      </Pane>
      {kind === 'member' && (
        <RemoveDialog isShown={ed.confirming} email={record.email} workspace={state.workspace} era="2019"
          onConfirmed={() => setShown(false)} onClose={() => ed.setConfirming(false)} />
      )}
    </SideSheet>
  );
}

// era 2020: a full-page editor replacing the users list.
export function EditorPage({ kind, record, onBack }) {
  const ed = useEditor(kind, record, onBack);
  const [tab, setTab] = useState('Roles');
  const { store } = ed;
  const state = store.get();
  const isMe = kind === 'member' && record.email === state.signedIn;
  const title = kind === 'member' ? record.name : record.email;
  const live = (kind === 'member' ? state.members : state.invites).find((x) => x.email === record.email) || record;
  return (
    <Pane data-replica={kind === 'member' ? 'member-editor' : 'invite-panel'}>
      <Pane display="flex" alignItems="center" marginBottom={majorScale(2)}>
        <Button iconBefore={ArrowLeftIcon} appearance="minimal" marginRight={12} onClick={onBack}>All Users</Button>
        <Heading size={700} is="h1" flex={1}>
          <Text size={600} color="muted" fontWeight={400}>Users / </Text>{kind === 'member' ? `Edit ${title}` : `Invite ${title}`}
        </Heading>
        {kind === 'member' ? (
          <Button appearance="minimal" intent="danger" onClick={() => ed.setConfirming(true)}>Delete User</Button>
        ) : <InviteButtons ed={ed} />}
      </Pane>
      <Pane display="flex" gap={majorScale(3)} alignItems="flex-start">
        <Pane flex={1} background="white" border="muted" borderRadius={6} padding={majorScale(3)} minWidth={0}>
          {kind === 'member' ? (
            <>
              <Tablist marginBottom={majorScale(3)}>
                {['Roles', 'User Groups'].map((t) => (
                  <Tab key={t} id={`editor-tab-${t}`} isSelected={tab === t} onSelect={() => setTab(t)} appearance="primary">{t}</Tab>
                ))}
              </Tablist>
              {tab === 'Roles' ? (
                // A real <form>: "Save Changes" submits it, so a page script or
                // implicit submission can save without a click on the button.
                <form data-replica="roles-form" onSubmit={(e) => { e.preventDefault(); ed.save(false); }}>
                  <Pane display="flex" alignItems="center" marginBottom={majorScale(2)}>
                    <Heading size={500} flex={1}>Individual Roles</Heading>
                    <Button type="submit" appearance="primary" isLoading={ed.saving}>Save Changes</Button>
                  </Pane>
                  <RoleEditor value={ed.draft} onChange={ed.setDraft} sources={state.sources} labels={state.labels} onPickerChange={ed.setPickerOpen} />
                </form>
              ) : (
                <>
                  <Pane display="flex" justifyContent="flex-end" marginBottom={majorScale(2)}>
                    <Button marginRight={8} disabled>Remove</Button>
                    <Button>Add to User Group</Button>
                  </Pane>
                  <Table>
                    <Table.Head><Table.TextHeaderCell>User Group</Table.TextHeaderCell><Table.TextHeaderCell>Members</Table.TextHeaderCell></Table.Head>
                    <Table.Body><Pane padding={majorScale(3)}><Text color="muted">This user is not in any user group.</Text></Pane></Table.Body>
                  </Table>
                </>
              )}
            </>
          ) : editsInvite(ed) ? <InviteEditor ed={ed} state={state} /> : <InviteBody record={record} />}
        </Pane>
        <Pane width={280} flexShrink={0} background="white" border="muted" borderRadius={6} padding={majorScale(3)}>
          <Heading size={300} textTransform="uppercase" color="muted" marginBottom={majorScale(2)}>User Summary</Heading>
          <Pane display="flex" alignItems="center" marginBottom={majorScale(2)}>
            <Avatar name={record.name || '-'} size={40} marginRight={12} />
            <Pane minWidth={0}>
              <Strong display="block">{kind === 'member' ? `${record.name}${isMe ? ' (you)' : ''}` : '-'}</Strong>
              <Text size={300} color="muted">{record.email}</Text>
            </Pane>
          </Pane>
          <Text size={300} display="block" marginBottom={8}>{live.owner ? 'Workspace Owner' : 'Workspace Member'}</Text>
          {!live.owner && live.roles.map((g) => <Text key={g.role} size={300} color="muted" display="block">{grantSummary(g)}</Text>)}
        </Pane>
      </Pane>
      {kind === 'member' && (
        <RemoveDialog isShown={ed.confirming} email={record.email} workspace={state.workspace} era="2020"
          onConfirmed={onBack} onClose={() => ed.setConfirming(false)} />
      )}
    </Pane>
  );
}
