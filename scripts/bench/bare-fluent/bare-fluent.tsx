/**
 * The benchmark's baseline: the least a Fluent UI v9 task pane can be. It waits for Office.js as
 * the task pane does, then renders one Fluent button in a FluentProvider. Built by the same
 * webpack configuration as the add-in (scripts/bench/taskpane-figures.ts), so that the difference
 * in time to interactive is the add-in's own.
 */
import { Button, FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';

declare const Office: { onReady(): Promise<unknown> } | undefined;

async function main(): Promise<void> {
  if (typeof Office !== 'undefined') await Office.onReady();
  const container = document.getElementById('root');
  if (!container) throw new Error('bare-fluent.html has no #root element.');
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <Button appearance="primary" data-testid="bare-button">
        Add Webex meeting
      </Button>
    </FluentProvider>,
  );
}

void main();
