/** Work under way: a spinner with what is happening, announced to screen readers. */
import { makeStyles, Spinner, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    paddingBlock: tokens.spacingVerticalXXL,
  },
});

export function ProgressStatus({ label, task }: { label: string; task: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="status" aria-live="polite" aria-busy="true" data-testid="addin-progress" data-task={task}>
      <Spinner size="medium" label={label} labelPosition="below" />
    </div>
  );
}
