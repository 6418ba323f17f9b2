import React, { useId, useMemo, useState } from 'react';
import {
  Pane, Heading, Text, Paragraph, Radio, Checkbox, TextInput, Link, Dialog, SelectMenu, Button,
  PlusIcon, SmallCrossIcon, MobilePhoneIcon, GlobeNetworkIcon, DatabaseIcon, majorScale, minorScale,
} from 'evergreen-ui';
import { offeredRoles, OWNER_DESCRIPTION, MEMBER_DESCRIPTION } from './roles.js';
import { useStore } from './hooks.js';

export const emptyDraft = () => ({ owner: false, roles: [] });

function sourceIcon(name) {
  if (/iOS|Android|React Native|Kotlin|Swift/.test(name)) return MobilePhoneIcon;
  if (/Web|Site|Checkout/.test(name)) return GlobeNetworkIcon;
  return DatabaseIcon;
}

export function LabelChip({ label, onRemove }) {
  return (
    <Pane data-label-chip={label} display="inline-flex" alignItems="center" background="blue50" border="muted"
      borderRadius={4} paddingLeft={8} paddingRight={onRemove ? 2 : 8} height={24} marginRight={6} marginBottom={6}>
      <Text size={300} color="blue500" textTransform="lowercase">{label}</Text>
      {onRemove && (
        <Pane is="span" role="button" tabIndex={0} aria-label={`Remove ${label}`} title="Remove" cursor="pointer"
          display="inline-flex" marginLeft={2} onClick={onRemove}
          onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onRemove(); } }}>
          <SmallCrossIcon color="muted" />
        </Pane>
      )}
    </Pane>
  );
}

// "Select Sources" dialog (Evergreen Dialog, portal, role=dialog).
export function SourcePicker({ isShown, role, scope, sources, labels, onSave, onClose }) {
  const [mode, setMode] = useState('all');
  const [chosenLabels, setChosenLabels] = useState([]);
  const [chosen, setChosen] = useState([]);
  const [filter, setFilter] = useState('');
  const name = useId();
  const [wasShown, setWasShown] = useState(false);

  const reset = () => {
    setMode(scope && scope.kind === 'specific' ? 'specific' : 'all');
    setChosenLabels(scope && scope.kind === 'all' ? scope.labels.slice() : []);
    setChosen(scope && scope.kind === 'specific' ? scope.resources.slice() : []);
    setFilter('');
  };
  const shown = sources.filter((s) => s.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (n) => setChosen((c) => (c.includes(n) ? c.filter((x) => x !== n) : c.concat(n)));
  if (isShown !== wasShown) {
    setWasShown(isShown);
    if (isShown) reset();
  }
  const available = labels.filter((l) => !chosenLabels.includes(l)).map((l) => ({ label: l, value: l }));

  return (
    <Dialog
      isShown={isShown}
      title="Select Sources"
      width={600}
      confirmLabel="Save"
      isConfirmDisabled={mode === 'specific' && chosen.length === 0}
      onCloseComplete={onClose}
      onCancel={(close) => close()}
      onConfirm={(close) => {
        onSave(mode === 'all' ? { kind: 'all', labels: chosenLabels.slice() } : { kind: 'specific', resources: sources.map((s) => s.name).filter((n) => chosen.includes(n)) });
        close();
      }}
      containerProps={{ 'data-replica': 'select-sources' }}
    >
      <Paragraph marginBottom={majorScale(2)}>Assign {role} access to:</Paragraph>
      <Radio name={name} checked={mode === 'all'} onChange={() => setMode('all')}
        label="All Sources in Workspace including future Sources" size={16} />
      <Pane marginLeft={majorScale(3)} marginBottom={majorScale(2)} display="flex" flexWrap="wrap" alignItems="center" minHeight={32}>
        {chosenLabels.map((l) => (
          <LabelChip key={l} label={l} onRemove={() => setChosenLabels((c) => c.filter((x) => x !== l))} />
        ))}
        <SelectMenu
          title="Labels"
          options={available}
          hasFilter
          filterPlaceholder="Filter labels..."
          closeOnSelect
          height={200}
          onSelect={(item) => { setChosenLabels((c) => (c.includes(item.value) ? c : c.concat(item.value))); setMode('all'); }}
          emptyView={<Pane padding={12}><Text size={300} color="muted">No labels</Text></Pane>}
        >
          <Button size="small" iconBefore={PlusIcon} marginBottom={6}>Add label</Button>
        </SelectMenu>
      </Pane>
      <Radio name={name} checked={mode === 'specific'} onChange={() => setMode('specific')} label="Specific Sources:" size={16} />
      <Pane marginLeft={majorScale(3)}>
        <TextInput width="100%" placeholder="Filter sources..." value={filter} onChange={(e) => setFilter(e.target.value)}
          onFocus={() => setMode('specific')} marginBottom={majorScale(1)} />
        <Pane border="muted" borderRadius={4} maxHeight={260} overflowY="auto">
          {shown.map((s) => {
            const Icon = sourceIcon(s.name);
            return (
              <Pane key={s.name} display="flex" alignItems="center" paddingX={12} height={40} borderBottom="muted" data-source={s.name}>
                <Icon color="muted" marginRight={8} />
                <Link href="#" size={300} flex={1} onClick={(e) => e.preventDefault()} tabIndex={-1}>{s.name}</Link>
                <Text size={300} color="muted" marginRight={12}>{s.labels.join(', ')}</Text>
                <Checkbox margin={0} checked={chosen.includes(s.name)} aria-label={s.name} disabled={mode !== 'specific'}
                  onChange={() => toggle(s.name)} />
              </Pane>
            );
          })}
          {!shown.length && <Pane padding={12}><Text size={300} color="muted">No sources match</Text></Pane>}
        </Pane>
      </Pane>
    </Dialog>
  );
}

function ScopeBox({ grant, sources, onEdit }) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  let items;
  if (grant.scope.kind === 'all') {
    items = (
      <Pane>
        <Text size={300} display="block" marginBottom={grant.scope.labels.length ? 6 : 0}>All Sources in Workspace including future Sources</Text>
        {grant.scope.labels.length > 0 && (
          <Pane display="flex" flexWrap="wrap">{grant.scope.labels.filter((l) => l.includes(f)).map((l) => <LabelChip key={l} label={l} />)}</Pane>
        )}
      </Pane>
    );
  } else {
    const list = grant.scope.resources.filter((n) => n.toLowerCase().includes(f));
    items = list.map((n) => {
      const Icon = sourceIcon(n);
      return (
        <Pane key={n} display="flex" alignItems="center" height={28} data-selected-source={n}>
          <Icon size={12} color="muted" marginRight={8} /><Text size={300}>{n}</Text>
        </Pane>
      );
    });
  }
  return (
    <Pane marginLeft={majorScale(3)} marginTop={minorScale(1)} marginBottom={majorScale(1)} border="default" borderRadius={4} background="tint1" padding={12}
      data-scope-box={grant.role}>
      <Pane display="flex" alignItems="center" marginBottom={8}>
        <TextInput height={28} flex={1} placeholder="Filter selected Sources..." value={filter} onChange={(e) => setFilter(e.target.value)} />
        <Link href="#" size={300} marginLeft={12} onClick={(e) => { e.preventDefault(); onEdit(); }}>Edit Sources</Link>
      </Pane>
      {items}
    </Pane>
  );
}

function RadioCard({ name, checked, onSelect, label, description, children, disabled }) {
  return (
    <Pane border={checked ? '1px solid #3366FF' : '1px solid #E6E8F0'} borderRadius={6} padding={majorScale(2)} marginBottom={majorScale(2)}
      background={checked ? 'blue25' : 'white'} data-radio-card={label}>
      <Radio name={name} checked={checked} onChange={onSelect} label={<Text size={400} fontWeight={600} color="default">{label}</Text>}
        size={16} margin={0} disabled={disabled} />
      <Paragraph size={300} color="muted" marginLeft={24} marginTop={4}>{description}</Paragraph>
      {children}
    </Pane>
  );
}

// Workspace Owner / Workspace Member radio cards + role checkboxes (used by invite form and member editor).
export function RoleEditor({ value, onChange, sources, labels, disabled, onPickerChange }) {
  const ROLES = offeredRoles(useStore().cfg.plan);
  const name = useId();
  const [picking, setPicking] = useState(null); // role name
  const byRole = useMemo(() => Object.fromEntries(value.roles.map((g) => [g.role, g])), [value.roles]);
  const setRoles = (roles) => onChange({ ...value, roles });
  const toggle = (r) => {
    if (byRole[r.name]) setRoles(value.roles.filter((g) => g.role !== r.name));
    else {
      const grant = { role: r.name, scope: r.scoped ? { kind: 'all', labels: [] } : { kind: 'unscoped' } };
      // keep the canonical role order
      setRoles(ROLES.map((x) => (x.name === r.name ? grant : byRole[x.name])).filter(Boolean));
    }
  };
  const setPick = (r) => { setPicking(r); onPickerChange && onPickerChange(!!r); };
  return (
    <Pane>
      <RadioCard name={name} checked={value.owner} onSelect={() => onChange({ ...value, owner: true })} disabled={disabled}
        label="Workspace Owner" description={OWNER_DESCRIPTION} />
      <RadioCard name={name} checked={!value.owner} onSelect={() => onChange({ ...value, owner: false })} disabled={disabled}
        label="Workspace Member" description={MEMBER_DESCRIPTION}>
        {!value.owner && (
          <Pane marginLeft={24} marginTop={majorScale(2)} borderTop="muted" paddingTop={majorScale(1)} data-roles>
            {ROLES.map((r) => (
              <Pane key={r.name} paddingY={6} data-role={r.name}>
                <Checkbox margin={0} checked={!!byRole[r.name]} disabled={disabled} onChange={() => toggle(r)}
                  label={<Text size={300} fontWeight={500} color="default">{r.name}</Text>} />
                <Paragraph size={300} color="muted" marginLeft={24}>{r.description}</Paragraph>
                {r.scoped && byRole[r.name] && (
                  <ScopeBox grant={byRole[r.name]} sources={sources} onEdit={() => !disabled && setPick(r.name)} />
                )}
              </Pane>
            ))}
          </Pane>
        )}
      </RadioCard>
      <SourcePicker
        isShown={!!picking}
        role={picking || ''}
        scope={picking && byRole[picking] ? byRole[picking].scope : null}
        sources={sources}
        labels={labels}
        onSave={(scope) => setRoles(value.roles.map((g) => (g.role === picking ? { ...g, scope } : g)))}
        onClose={() => setPick(null)}
      />
    </Pane>
  );
}
