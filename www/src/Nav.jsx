// The app's left navigation: the workspace switcher and the main sections. Home and Settings
// are in-app links (history.pushState); the switcher goes to the other workspace's Access
// Management page the same way, as Segment's does.
import React from 'react';
import {
  Pane, Text, Popover, Menu, Position, majorScale,
  HomeIcon, DataConnectionIcon, ShieldIcon, ConfirmIcon, PeopleIcon, FlowBranchIcon, CogIcon, CaretDownIcon,
} from 'evergreen-ui';
import { accessManagementPath, linkTo, navigate, overviewPath } from './router.js';

const NAV = [
  ['Home', HomeIcon], ['Connections', DataConnectionIcon], ['Privacy', ShieldIcon], ['Protocols', ConfirmIcon],
  ['Unify', PeopleIcon], ['Engage', FlowBranchIcon], ['Settings', CogIcon],
];
const SETTINGS_SUBNAV = ['Workspace settings', 'User preferences', 'Usage & billing', 'Authentication', 'End-user privacy', 'Admin'];

function WorkspaceSwitcher({ workspace, workspaces }) {
  return (
    <Popover
      position={Position.BOTTOM_LEFT}
      content={({ close }) => (
        <Menu>
          <Menu.Group title="Workspaces">
            {workspaces.map((ws) => (
              <Menu.Item key={ws} aria-current={ws === workspace ? 'true' : undefined}
                onSelect={() => { close(); navigate(accessManagementPath(ws)); }}>
                {ws}
              </Menu.Item>
            ))}
          </Menu.Group>
        </Menu>
      )}
    >
      <Pane is="button" type="button" aria-label={`Switch workspace (current: ${workspace})`} marginX={majorScale(2)}
        marginBottom={majorScale(2)} paddingX={12} paddingY={8} borderRadius={4} border="none" cursor="pointer"
        background="rgba(255,255,255,0.08)" display="flex" alignItems="center" textAlign="left">
        <Text color="white" size={300} flex={1} overflow="hidden" textOverflow="ellipsis" whiteSpace="nowrap">{workspace}</Text>
        <CaretDownIcon color="#A3ADBF" size={12} />
      </Pane>
    </Popover>
  );
}

export function LeftNav({ workspace, workspaces, active }) {
  const targets = { Home: overviewPath(workspace), Settings: accessManagementPath(workspace) };
  return (
    <Pane is="nav" aria-label="Main" width={232} flexShrink={0} background="#0E1A2B" display="flex" flexDirection="column" minHeight="100vh">
      <Pane paddingX={majorScale(3)} paddingY={majorScale(3)} display="flex" alignItems="center">
        <Pane width={24} height={24} borderRadius={6} background="#52BD94" marginRight={10} />
        <Text color="white" size={500} fontWeight={600}>segment</Text>
      </Pane>
      <WorkspaceSwitcher workspace={workspace} workspaces={workspaces} />
      {NAV.map(([label, Icon]) => {
        const on = label === active;
        const link = targets[label] ? linkTo(targets[label]) : { href: '#', onClick: (e) => e.preventDefault() };
        return (
          <Pane key={label}>
            <Pane is="a" {...link} display="flex" alignItems="center" paddingX={majorScale(3)} height={40}
              textDecoration="none" background={on ? 'rgba(255,255,255,0.10)' : undefined} aria-current={on ? 'page' : undefined}>
              <Icon color={on ? 'white' : '#A3ADBF'} marginRight={12} size={14} />
              <Text color={on ? 'white' : '#C9D0DC'} size={400}>{label}</Text>
            </Pane>
            {on && label === 'Settings' && SETTINGS_SUBNAV.map((s, i) => (
              <Pane key={s} paddingLeft={majorScale(3) + 26} height={32} display="flex" alignItems="center">
                <Text size={300} color={i === 0 ? 'white' : '#A3ADBF'} fontWeight={i === 0 ? 600 : 400}>{s}</Text>
              </Pane>
            ))}
          </Pane>
        );
      })}
    </Pane>
  );
}
