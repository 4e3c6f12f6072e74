/**
 * A view that asks for one step: a heading, a sentence, its action (sign in, connect Webex,
 * authorize the calendar) and, where the step can wait, a lesser action to put it off.
 */
import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import { ViewHeading } from './view-heading';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    alignItems: 'flex-start',
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
});

export interface PromptViewProps {
  title: string;
  body: string;
  action: string;
  onAction(): void;
  testId: string;
  actionTestId: string;
  /** The action that puts the step off ("Not now"), when it can wait. */
  later?: { label: string; onAction(): void; testId: string };
}

export function PromptView({ title, body, action, onAction, testId, actionTestId, later }: PromptViewProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} data-testid={testId}>
      <ViewHeading>{title}</ViewHeading>
      <Body1>{body}</Body1>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onAction} data-testid={actionTestId}>
          {action}
        </Button>
        {later && (
          <Button onClick={later.onAction} data-testid={later.testId}>
            {later.label}
          </Button>
        )}
      </div>
    </section>
  );
}
