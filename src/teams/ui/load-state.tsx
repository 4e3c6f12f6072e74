/** What a section shows while it loads, when it failed (with "Try again"), and when it is empty. */
import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error';

const useStyles = makeStyles({
  box: { padding: tokens.spacingVerticalM },
  empty: { color: tokens.colorNeutralForeground3, padding: tokens.spacingVerticalM, display: 'block' },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
});

export function Loading({ label }: { label?: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return <Spinner className={styles.box} size="tiny" label={label ?? t('loading')} />;
}

export function Failed({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="error">
      <MessageBarBody>{describeError(t, error)}</MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            {t('error.retry')}
          </Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}

export function Empty({ text }: { text: string }) {
  const styles = useStyles();
  return <Text className={styles.empty}>{text}</Text>;
}

export function useListStyle(): string {
  return useStyles().list;
}
