/**
 * Catches a view whose chunk could not be loaded (lazy-views.tsx: the network dropped, or the
 * deployment changed under an open pane) so that the pane shows what happened and a way on,
 * rather than going blank. "Try again" calls `onRetry` (lazy-views.tsx retryViews: the failed
 * views' chunks are asked for again) and renders the views afresh.
 * In the pane's first chunk: it must be there when a later chunk fails, so it is made of what the
 * first view already loads (a prompt: heading, sentence, button), not of a message bar.
 */
import { Component, type ReactNode } from 'react';
import { PromptView } from './prompt-view';

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
      <div role="alert">
        <PromptView
          title={this.props.title}
          body={this.props.body}
          action={this.props.retry}
          onAction={() => {
            this.props.onRetry();
            this.setState({ failed: false });
          }}
          testId="addin-view-load-failed"
          actionTestId="addin-view-load-retry"
        />
      </div>
    );
  }
}
