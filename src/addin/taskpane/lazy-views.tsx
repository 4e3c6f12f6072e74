/**
 * The pane's views that the first paint does not need, each loaded with import() as a chunk of its
 * own (with the Fluent UI controls only it uses: inputs, switches, checkboxes, radio groups). The
 * pane first shows sign-in (at once when nobody can be signed in silently) or progress, then the meeting; `preloadViews()` starts loading them all
 * once the pane knows its user (app.tsx), beside the backend calls that view waits for anyway.
 * Until a view's chunk is there, React suspends and the pane shows progress.
 *
 * A view whose chunk has arrived renders directly, without suspending again.
 */
import { createElement, lazy, type ComponentProps, type ComponentType, type FunctionComponent } from 'react';
// Types only: erased from the build, so these modules stay out of the pane's first chunks.
import type { AddMeetingView as AddMeeting } from './components/add-meeting-view';
import type { AuthorizeCalendarView as AuthorizeCalendar } from './components/authorize-calendar-view';
import type { ErrorNotice as ErrorNoticeView } from './components/error-notice';
import type { MeetingDetailsView as MeetingDetails } from './components/meeting-details-view';
import type { OnBehalfOfNotice as OnBehalfOf } from './components/on-behalf-of-notice';
import type { SettingsButton as SettingsButtonView, SuccessNotice as SuccessNoticeView } from './components/pane-chrome';
import type { SettingsView as Settings } from './components/settings-view';
import type { SyncProblemNotice as SyncProblem } from './components/sync-problem-notice';

interface LazyView<P> {
  View: FunctionComponent<P>;
  preload(): Promise<unknown>;
  isLoaded(): boolean;
  /** After a failed load: the next render asks for the chunk again (React keeps a lazy component's failure). */
  retry(): void;
}

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  let failed = false;
  const makeLazy = () => lazy(async () => ({ default: await preload() }));
  const preload = (): Promise<ComponentType<P>> =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (thrown: unknown) => {
        // A chunk that did not arrive (network, a deployment mid-update): the failure reaches the
        // pane's ViewLoadBoundary, whose "Try again" calls retry().
        loading = undefined;
        failed = true;
        throw thrown;
      },
    ));
  let Lazy = makeLazy();
  const View: FunctionComponent<P> = (props) => createElement((loaded ?? Lazy) as ComponentType<P>, props);
  const retry = () => {
    if (!failed) return;
    failed = false;
    Lazy = makeLazy();
  };
  return { View, preload, isLoaded: () => loaded !== undefined, retry };
}

const addMeeting = lazyView<ComponentProps<typeof AddMeeting>>(
  async () => (await import(/* webpackChunkName: "pane-add-meeting" */ './components/add-meeting-view')).AddMeetingView,
);
const meetingDetails = lazyView<ComponentProps<typeof MeetingDetails>>(
  async () => (await import(/* webpackChunkName: "pane-meeting" */ './components/meeting-details-view')).MeetingDetailsView,
);
const settings = lazyView<ComponentProps<typeof Settings>>(
  async () => (await import(/* webpackChunkName: "pane-settings" */ './components/settings-view')).SettingsView,
);
const authorizeCalendar = lazyView<ComponentProps<typeof AuthorizeCalendar>>(
  async () => (await import(/* webpackChunkName: "pane-authorize" */ './components/authorize-calendar-view')).AuthorizeCalendarView,
);
const syncProblem = lazyView<ComponentProps<typeof SyncProblem>>(
  async () => (await import(/* webpackChunkName: "pane-sync-problem" */ './components/sync-problem-notice')).SyncProblemNotice,
);
const onBehalfOf = lazyView<ComponentProps<typeof OnBehalfOf>>(
  async () => (await import(/* webpackChunkName: "pane-on-behalf-of" */ './components/on-behalf-of-notice')).OnBehalfOfNotice,
);
const errorNotice = lazyView<ComponentProps<typeof ErrorNoticeView>>(
  async () => (await import(/* webpackChunkName: "pane-error" */ './components/error-notice')).ErrorNotice,
);

const settingsButton = lazyView<ComponentProps<typeof SettingsButtonView>>(
  async () => (await import(/* webpackChunkName: "pane-chrome" */ './components/pane-chrome')).SettingsButton,
);
const successNotice = lazyView<ComponentProps<typeof SuccessNoticeView>>(
  async () => (await import(/* webpackChunkName: "pane-chrome" */ './components/pane-chrome')).SuccessNotice,
);

export const AddMeetingView = addMeeting.View;
export const MeetingDetailsView = meetingDetails.View;
export const SettingsView = settings.View;
export const AuthorizeCalendarView = authorizeCalendar.View;
export const SyncProblemNotice = syncProblem.View;
export const OnBehalfOfNotice = onBehalfOf.View;
export const ErrorNotice = errorNotice.View;
export const SettingsButton = settingsButton.View;
export const SuccessNotice = successNotice.View;

const ALL = [addMeeting, meetingDetails, settings, authorizeCalendar, syncProblem, onBehalfOf, errorNotice, settingsButton, successNotice];

/** Starts loading every lazy view; resolves when all are there (rejects when one cannot be loaded). */
export function preloadViews(): Promise<unknown> {
  return Promise.all(ALL.map((v) => v.preload()));
}

/** After a view's chunk failed to load: the views are asked for again on the next render. */
export function retryViews(): void {
  for (const v of ALL) v.retry();
}

/** Whether every lazy view's chunk has arrived (they then render at once). */
export function viewsLoaded(): boolean {
  return ALL.every((v) => v.isLoaded());
}
