/**
 * The heading of each pane view. It takes focus when the view appears, so that keyboard and
 * screen-reader users land on what changed instead of at the top of a pane they already read. The
 * pane shows one view at a time, so its heading is the page's first level; parts of a view use h2.
 */
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles({
  heading: {
    ...typographyStyles.subtitle1,
    margin: `0 0 ${tokens.spacingVerticalS}`,
    outlineStyle: 'none',
  },
});

export function ViewHeading({ children, testId }: { children: string; testId?: string }) {
  const styles = useStyles();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 className={styles.heading} ref={ref} tabIndex={-1} data-testid={testId}>
      {children}
    </h1>
  );
}
