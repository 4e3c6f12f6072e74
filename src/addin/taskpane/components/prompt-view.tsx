/** A view that asks for one step: a heading, a sentence and one action (sign in, connect Webex). */
import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import { ViewHeading } from './view-heading';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    alignItems: 'flex-start',
  },
});

export interface PromptViewProps {
  title: string;
  body: string;
  action: string;
  onAction(): void;
  testId: string;
  actionTestId: string;
}

export function PromptView({ title, body, action, onAction, testId, actionTestId }: PromptViewProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} data-testid={testId}>
      <ViewHeading>{title}</ViewHeading>
      <Body1>{body}</Body1>
      <Button appearance="primary" onClick={onAction} data-testid={actionTestId}>
        {action}
      </Button>
    </section>
  );
}
