import React, { useEffect, useState } from 'react';
import { Pane, Heading, Paragraph, Button, TextInputField, SideSheet, Dialog, Link, toaster, majorScale } from 'evergreen-ui';
import { RoleEditor, emptyDraft } from './RoleEditor.jsx';
import { useStore } from './hooks.js';
import { signOut } from './router.js';

// resetForm=1: the form is reset once per tab, after the first role chosen (see config.js).
let formResetDone = false;

// Tests only (window.__replica.changeInviteForm): the open form's setters, so a test can change
// the form as the page's own script would (a late autofill, a re-render), e.g. while the
// extension's prompt is up. Nothing in the app calls it.
let openForm = null;
export function changeInviteForm({ email, owner, roles } = {}) {
  if (!openForm) return false;
  if (email !== undefined) openForm.setEmail(String(email));
  if (owner !== undefined || roles !== undefined) {
    openForm.setDraft((d) => ({ owner: owner ?? d.owner, roles: roles ? JSON.parse(JSON.stringify(roles)) : d.roles }));
  }
  return true;
}

// The invite form, in an Evergreen SideSheet (form=sheet) or Dialog (form=dialog).
export function InviteForm({ isShown, onClose }) {
  const store = useStore();
  const { cfg } = store;
  const state = store.get();
  const [email, setEmail] = useState('');
  const [draft, setDraft] = useState(emptyDraft());
  const [validation, setValidation] = useState(null);
  const [loading, setLoading] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  const submitLabel = cfg.era === '2020' ? 'Send Invite' : 'Invite';
  useEffect(() => {
    if (!isShown) return undefined;
    const mine = { setEmail, setDraft };
    openForm = mine;
    return () => { if (openForm === mine) openForm = null; };
  }, [isShown]);

  const onDraft = (d) => {
    setDraft(d);
    if (cfg.resetForm && !formResetDone && email) {
      formResetDone = true;
      setTimeout(() => { setEmail(''); setDraft(emptyDraft()); store.note({ kind: 'form_reset' }); }, 0);
    }
  };

  const reset = () => { setEmail(''); setDraft(emptyDraft()); setValidation(null); setLoading(false); };

  const submit = async (close) => {
    if (loading) return;
    setLoading(true);
    setValidation(null);
    const res = await store.invite({ text: email, owner: draft.owner, roles: draft.roles });
    setLoading(false);
    if (res.signedOut) {
      // As the app does on a 401: straight to the sign-in page, no answer in the form.
      signOut(cfg.workspace);
    } else if (res.ok) {
      const n = res.emails.length;
      toaster.success(`Invited ${n} team member${n === 1 ? '' : 's'}`, { description: res.emails.join(', ') });
      close();
    } else if (res.field === 'email') {
      setValidation(res.error);
    } else {
      toaster.danger(res.error);
    }
  };

  const fields = (
    <Pane>
      <TextInputField
        label="Email"
        description="Enter the email addresses of the team members you want to invite, separated by a comma."
        placeholder="e.g. johnsmith@gmail.com"
        name="email"
        autoComplete="off"
        width="100%"
        inputWidth="100%"
        value={email}
        onChange={(e) => { setEmail(e.target.value); if (validation) setValidation(null); }}
        isInvalid={!!validation}
        validationMessage={validation || undefined}
      />
      <Heading size={500} marginTop={majorScale(3)} marginBottom={majorScale(1)}>Permissions</Heading>
      <Paragraph size={300} color="muted" marginBottom={majorScale(2)}>
        Select the workspace level permission and if applicable, roles to assign this team member. <Link href="#" size={300} onClick={(e) => e.preventDefault()}>Learn More</Link>
      </Paragraph>
      <RoleEditor value={draft} onChange={onDraft} sources={state.sources} labels={state.labels} onPickerChange={setPickerOpen} />
    </Pane>
  );

  // htmlForm=1: a real <form> holds the fields and the buttons; its submit event sends (a
  // type=submit button, Enter in a field, a script's requestSubmit()). Otherwise the button's click.
  const asForm = (close, children, style) => (cfg.htmlForm ? (
    <form data-replica="invite-html-form" style={style} noValidate onSubmit={(e) => { e.preventDefault(); submit(close); }}>{children}</form>
  ) : children);
  const sendButton = (close) => (
    <Button appearance="primary" isLoading={loading} type={cfg.htmlForm ? 'submit' : 'button'}
      onClick={cfg.htmlForm ? undefined : () => submit(close)}>{submitLabel}</Button>
  );

  if (cfg.form === 'dialog') {
    const heading = <Heading size={600} marginBottom={majorScale(2)}>Invite a team member to this Workspace</Heading>;
    return (
      <Dialog
        isShown={isShown}
        title="Invite Team Member"
        width={720}
        confirmLabel={submitLabel}
        isConfirmLoading={loading}
        hasFooter={!cfg.htmlForm}
        shouldCloseOnOverlayClick={false}
        shouldCloseOnEscapePress={!pickerOpen && !loading}
        onConfirm={(close) => submit(close)}
        onCancel={(close) => close()}
        onCloseComplete={() => { reset(); onClose(); }}
        containerProps={{ 'data-replica': 'invite-form' }}
      >
        {cfg.htmlForm ? ({ close }) => asForm(close, (
          <>
            {heading}
            {fields}
            <Pane display="flex" justifyContent="flex-end" paddingTop={majorScale(3)}>
              <Button type="button" marginRight={majorScale(1)} onClick={() => close()} disabled={loading}>Cancel</Button>
              {sendButton(close)}
            </Pane>
          </>
        )) : <>{heading}{fields}</>}
      </Dialog>
    );
  }

  return (
    <SideSheet
      isShown={isShown}
      width={720}
      shouldCloseOnOverlayClick={!loading}
      shouldCloseOnEscapePress={!pickerOpen && !loading}
      onCloseComplete={() => { reset(); onClose(); }}
      containerProps={{ display: 'flex', flex: '1', flexDirection: 'column', 'data-replica': 'invite-form' }}
    >
      {({ close }) => asForm(close, (
        <>
          <Pane zIndex={1} flexShrink={0} elevation={0} backgroundColor="white" padding={majorScale(2)} borderBottom="muted"
            display="flex" alignItems="center">
            <Pane flex={1}>
              <Paragraph size={300} color="muted">Access Management / Invite Team Member</Paragraph>
              <Heading size={600}>Invite a team member to this Workspace</Heading>
            </Pane>
          </Pane>
          <Pane flex="1" overflowY="auto" background="tint1" padding={majorScale(3)}>
            <Pane background="white" border="muted" borderRadius={6} padding={majorScale(3)}>{fields}</Pane>
          </Pane>
          <Pane flexShrink={0} display="flex" justifyContent="flex-end" padding={majorScale(2)} borderTop="muted" background="white">
            <Button type="button" marginRight={majorScale(1)} onClick={() => close()} disabled={loading}>Cancel</Button>
            {sendButton(close)}
          </Pane>
        </>
      ), { display: 'flex', flex: '1', flexDirection: 'column', minHeight: 0 })}
    </SideSheet>
  );
}
