/**
 * What the pane shows around its views once the user is known: the settings button at the top and
 * the success notice after an action. Neither is needed before sign-in, so they load with the views
 * (lazy-views.tsx), and the message bar and the icon stay out of the pane's first chunks.
 */
import { Button, makeStyles, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { SettingsRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    justifyContent: 'flex-end',
  },
});

export function SettingsButton({ label, onOpen }: { label: string; onOpen(): void }) {
  const styles = useStyles();
  return (
    <div className={styles.header}>
      <Button appearance="subtle" icon={<SettingsRegular />} onClick={onOpen} data-testid="addin-open-settings">
        {label}
      </Button>
    </div>
  );
}

/** The notice after an action ("Meeting options saved."), announced to screen readers. */
export function SuccessNotice({ notice, text }: { notice: string; text: string }) {
  return (
    <div role="status" data-testid="addin-notice" data-notice={notice}>
      <MessageBar intent="success">
        <MessageBarBody>{text}</MessageBarBody>
      </MessageBar>
    </div>
  );
}
