/**
 * Catches a view whose chunk could not be loaded (lazy-views.tsx: the network dropped, or the
 * deployment changed under an open pane) so that the pane shows what happened and a way on,
 * rather than going blank. "Try again" calls `onRetry` (lazy-views.tsx retryViews: the failed
 * views' chunks are asked for again) and renders the views afresh.
 * In the pane's first chunk: it must be there when a later chunk fails.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Component, type ReactNode } from 'react';

export interface ViewLoadBoundaryProps {
  title: string;
  body: string;
  retry: string;
  onRetry(): void;
  children?: ReactNode;
}

export class ViewLoadBoundary extends Component<ViewLoadBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" data-testid="addin-view-load-failed">
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{this.props.title}</MessageBarTitle>
            {this.props.body}
          </MessageBarBody>
        </MessageBar>
        <Button
          appearance="primary"
          data-testid="addin-view-load-retry"
          onClick={() => {
            this.props.onRetry();
            this.setState({ failed: false });
          }}
        >
          {this.props.retry}
        </Button>
      </div>
    );
  }
}
