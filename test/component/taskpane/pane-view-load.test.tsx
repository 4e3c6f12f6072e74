/** @jest-environment jsdom */
/**
 * A view whose chunk does not arrive (lazy-views.tsx) leaves the pane with an error and a way on,
 * not blank; "Try again" asks for the chunk again and shows the view once it comes.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { ViewLoadBoundary } from '../../../src/addin/taskpane/components/view-load-boundary';
import { lazyView } from '../../../src/addin/taskpane/lazy-views';

function Settings({ name }: { name: string }) {
  return <p>settings of {name}</p>;
}

describe('a view whose chunk cannot be loaded', () => {
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('shows an error with "Try again", which loads the chunk again and shows the view', async () => {
    let attempts = 0;
    const view = lazyView<{ name: string }>(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('ChunkLoadError: Loading chunk pane-settings failed.');
      return Settings;
    });
    render(
      <ViewLoadBoundary title="Something went wrong" body="Cannot be reached." retry="Try again" onRetry={view.retry}>
        <Suspense fallback={<p>loading</p>}>
          <view.View name="Alex" />
        </Suspense>
      </ViewLoadBoundary>,
    );
    expect((await screen.findByTestId('addin-view-load-failed')).textContent).toContain('Cannot be reached.');
    fireEvent.click(screen.getByTestId('addin-view-load-retry'));
    expect(await screen.findByText('settings of Alex')).toBeTruthy();
    expect(attempts).toBe(2);
    expect(view.isLoaded()).toBe(true);
  });
});
