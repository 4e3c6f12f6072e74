/**
 * A failure, in the user's language, with a way forward (try again, connect Webex again, sign in
 * again, remove the old details). Never a stack: the code is kept as a data attribute for support
 * and tests. Like a view's heading (view-heading.tsx), it takes focus when it appears: the button
 * that started the failed work is gone, and the next Tab reaches the way forward.
 */
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/pane-i18n';
import type { DescribedError } from '../../i18n/error-message-key';
import type { ErrorAction } from '../../i18n/error-action';
import { NoticeActions } from './notice-actions';

const useStyles = makeStyles({
  root: { outlineStyle: 'none' },
  bar: { alignItems: 'flex-start' },
});

const ACTION_LABEL: Readonly<Record<ErrorAction, string>> = {
  retry: 'error.retry',
  reconnect: 'error.reconnect',
  signIn: 'error.signIn',
  removeDetails: 'error.removeDetails',
  later: 'error.later',
  authorize: 'error.authorize',
};

const ACTION_TEST_ID: Readonly<Record<ErrorAction, string>> = {
  retry: 'addin-retry',
  reconnect: 'addin-reconnect',
  signIn: 'addin-sign-in-again',
  removeDetails: 'addin-remove-details',
  later: 'addin-later',
  authorize: 'addin-authorize-again',
};

export interface ErrorNoticeProps {
  error: DescribedError;
  actions: readonly ErrorAction[];
  onAction(action: ErrorAction): void;
}

export function ErrorNotice({ error, actions, onAction }: ErrorNoticeProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div role="alert" ref={ref} tabIndex={-1} className={styles.root} data-testid="addin-error" data-code={error.code}>
      <MessageBar intent="error" layout="multiline" className={styles.bar}>
        <MessageBarBody>
          <MessageBarTitle>{t('error.title')}</MessageBarTitle>
          {t(`errors.${error.key}`, error.values)}
        </MessageBarBody>
        <NoticeActions
          actions={actions}
          onAction={onAction}
          labelOf={(action) => t(ACTION_LABEL[action])}
          testIdOf={(action) => ACTION_TEST_ID[action]}
        />
      </MessageBar>
    </div>
  );
}
