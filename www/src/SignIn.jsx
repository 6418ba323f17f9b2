// Segment's sign-in page (/login), where the app sends a person whose session ended
// (expireAfter). "Sign in" returns to the page they were on.
import React from 'react';
import { Pane, Heading, Paragraph, Button, majorScale } from 'evergreen-ui';

export function SignIn({ onSignIn }) {
  return (
    <Pane is="main" display="flex" flexDirection="column" alignItems="center" padding={majorScale(8)}>
      <Heading is="h1" size={800} marginBottom={majorScale(2)}>Sign in to Segment</Heading>
      <Paragraph marginBottom={majorScale(3)}>Your session has expired. Please log in again.</Paragraph>
      <Button appearance="primary" onClick={onSignIn}>Sign in</Button>
    </Pane>
  );
}
