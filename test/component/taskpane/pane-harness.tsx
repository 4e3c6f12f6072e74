/** Renders the task pane with fake services, in a locale and theme of the test's choosing. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen, waitFor } from '@testing-library/react';
import { PaneI18nProvider } from '../../../src/addin/i18n/pane-i18n';
import {
  DEFAULT_SETTINGS,
  type MeetingChoices,
  type MeetingDetails,
  type MeetingSyncState,
  type MeResponse,
  type TemplateOptions,
} from '../../../src/addin/api/api-types';
import type { AlternateHosts } from '../../../src/addin/flows/alternate-hosts';
import { App } from '../../../src/addin/taskpane/app';
import { MESSAGES, resolveLocale } from '../../../src/addin/i18n/messages';
import { createPaneI18n } from '../../../src/addin/taskpane/create-pane-i18n';
import { preloadViews } from '../../../src/addin/taskpane/lazy-views';
import type { PaneDelegation, PaneServices } from '../../../src/addin/taskpane/pane-services';

// jsdom lays nothing out and has no ResizeObserver; Fluent's MessageBar watches its own size with one.
class StillResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
const globals = globalThis as { ResizeObserver?: unknown };
globals.ResizeObserver ??= StillResizeObserver;

// The views the pane loads when first needed (lazy-views.tsx) are loaded before the tests, so that a
// view shows as soon as the pane switches to it (pane-lazy-views.test.tsx tests the loading itself).
beforeAll(() => preloadViews());

export function meeting(overrides: Partial<MeetingDetails> = {}): MeetingDetails {
  return {
    id: 'm1',
    meetingNumber: '25551234567',
    title: 'Planning',
    recurrence: null,
    webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m0123',
    sipAddress: '25551234567@contoso.webex.com',
    password: 'Xy7pQr2s',
    excludePassword: false,
    telephony: { accessCode: '25551234567', callInNumbers: [{ label: 'US Toll', callInNumber: '+1-415-655-0001', tollType: 'toll' }] },
    options: { type: 'scheduled', joinBeforeHost: false, joinBeforeHostMinutes: 0, autoRecord: false },
    ...overrides,
  };
}

export function me(overrides: Partial<MeResponse> = {}): MeResponse {
  return {
    tenantId: 't1',
    userId: 'u1',
    tenantMode: 'individual',
    webexLinked: true,
    calendarAccess: 'user',
    webexScheduling: 'personal',
    requiredActions: [],
    settings: { ...DEFAULT_SETTINGS },
    ...overrides,
  };
}

export type FakeServices = { [K in keyof PaneServices]: jest.Mock };

/** Services of a linked user whose appointment has no meeting yet; tests change what they need. */
export function fakeServices(): FakeServices & { changeItem(): void; changeAttendees(): void } {
  let itemListener: (() => void) | undefined;
  let attendeesListener: (() => void) | undefined;
  const services = {
    signInNeeded: jest.fn(() => false),
    signIn: jest.fn(async () => undefined),
    loadMe: jest.fn(async () => me()),
    calendarOwner: jest.fn(async () => undefined as string | undefined),
    loadDelegation: jest.fn(async () => undefined as PaneDelegation | undefined),
    findMeeting: jest.fn(async () => undefined as string | undefined),
    getMeeting: jest.fn(async (id: string) => meeting({ id })),
    addMeeting: jest.fn(async (_options: object, _alternateHosts: string[]) => ({ status: 'added' as const, meeting: meeting() })),
    alternateHosts: jest.fn(async (_meetingId?: string) => ({ choices: [], selected: [] }) as AlternateHosts),
    saveAlternateHosts: jest.fn(async (_meetingId: string, selected: string[]) => ({ choices: [], selected }) as AlternateHosts),
    syncState: jest.fn(async (_meetingId: string) => ({ status: 'inStep', problems: [] }) as MeetingSyncState),
    retrySync: jest.fn(async (_meetingId: string) => ({ status: 'inStep', problems: [] }) as MeetingSyncState),
    meetingChoices: jest.fn(async () => ({ sites: [{ siteUrl: 'contoso.webex.com', preferred: true }], templates: [] }) as MeetingChoices),
    templateOptions: jest.fn(
      async (_id: string) => ({ joinBeforeHost: false, joinBeforeHostMinutes: 0, autoRecord: false }) as TemplateOptions,
    ),
    removeMeeting: jest.fn(async () => undefined),
    changeOptions: jest.fn(async () =>
      meeting({ options: { type: 'scheduled', joinBeforeHost: true, joinBeforeHostMinutes: 0, autoRecord: false } }),
    ),
    updateFromItem: jest.fn(async () => meeting()),
    connectWebex: jest.fn(async () => ({ email: 'alex.wilber@contoso.example' }) as { email?: string }),
    webexAccount: jest.fn(async () => ({ email: 'alex.wilber@contoso.example' }) as { email?: string }),
    disconnectWebex: jest.fn(async () => undefined),
    startCalendarAuthorization: jest.fn(
      async () => ({ status: 'linked' }) as { status: 'linked' } | { status: 'consent_required'; url: string },
    ),
    authorizeCalendar: jest.fn(async (_url: string) => undefined),
    withdrawCalendarAuthorization: jest.fn(async () => undefined),
    saveSettings: jest.fn(async (update: object) => ({ ...DEFAULT_SETTINGS, ...update })),
    copyText: jest.fn(async () => undefined),
    onAppointmentChanged: jest.fn((listener: () => void) => {
      itemListener = listener;
      return () => {
        itemListener = undefined;
      };
    }),
    onAttendeesChanged: jest.fn((listener: () => void) => {
      attendeesListener = listener;
      return () => {
        attendeesListener = undefined;
      };
    }),
    changeItem: () => itemListener?.(),
    changeAttendees: () => attendeesListener?.(),
  };
  return services as unknown as FakeServices & { changeItem(): void; changeAttendees(): void };
}

export function renderPane(services: PaneServices, locale = 'en-US') {
  const i18n = createPaneI18n(resolveLocale(locale), MESSAGES[resolveLocale(locale)]);
  return render(
    <FluentProvider theme={webLightTheme}>
      <PaneI18nProvider i18n={i18n}>
        <App services={services} />
      </PaneI18nProvider>
    </FluentProvider>,
  );
}

/** Waits until the pane shows the view of that kind. */
export async function viewIs(kind: string): Promise<void> {
  await waitFor(() => expect(screen.getByTestId('addin-pane').getAttribute('data-view')).toBe(kind));
}

/** An error with a code, as the services reject. */
export function failure(code: string, extra: object = {}): Error {
  return Object.assign(new Error(code), { code, ...extra });
}
