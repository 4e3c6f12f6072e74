/**
 * The ways forward of a notice (error-notice.tsx, sync-problem-notice.tsx) as buttons, in the order
 * given: the first, the likeliest to help, is the primary one.
 */
import { Button, MessageBarActions } from '@fluentui/react-components';

export interface NoticeActionsProps<A extends string> {
  actions: readonly A[];
  onAction(action: A): void;
  /** The button's text, translated. */
  labelOf(action: A): string;
  testIdOf(action: A): string;
}

export function NoticeActions<A extends string>({ actions, onAction, labelOf, testIdOf }: NoticeActionsProps<A>) {
  return (
    <MessageBarActions>
      {actions.map((action, i) => (
        <Button key={action} appearance={i === 0 ? 'primary' : 'secondary'} onClick={() => onAction(action)} data-testid={testIdOf(action)}>
          {labelOf(action)}
        </Button>
      ))}
    </MessageBarActions>
  );
}
