// Another page of the app (/<ws>/overview): nothing of Access Management on it, only the app's
// navigation, so tests can leave Access Management without a reload and come back.
import React from 'react';
import { Pane, Heading, Paragraph, Link, majorScale } from 'evergreen-ui';
import { LeftNav } from './Nav.jsx';
import { accessManagementPath, linkTo } from './router.js';

export function Overview({ workspace, workspaces }) {
  return (
    <Pane display="flex" minHeight="100vh">
      <LeftNav workspace={workspace} workspaces={workspaces} active="Home" />
      <Pane flex={1} minWidth={0} is="main" padding={majorScale(5)}>
        <Heading is="h1" size={800} marginBottom={majorScale(3)}>Overview</Heading>
        <Paragraph marginBottom={majorScale(2)}>Sources, destinations and recent activity of {workspace} would show here.</Paragraph>
        <Link {...linkTo(accessManagementPath(workspace))}>Access Management</Link>
      </Pane>
    </Pane>
  );
}
