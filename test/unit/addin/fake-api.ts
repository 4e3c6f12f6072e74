/**
 * The backend as the add-in sees it, in memory: meetings created from drafts get Webex-like
 * details; the join-block routes compute as the backend's do (core/join-block/body-edits.ts);
 * `fail` makes the next call of a method answer an API error.
 */
import type { ApiClient } from '../../../src/addin/api/api-client';
import type { JoinBlockApi } from '../../../src/addin/api/join-block-api';
import { ApiError } from '../../../src/addin/api/api-error';
import { bodyWithJoinBlock, bodyWithoutJoinBlock, joinBlockOnBody } from '../../../src/core/join-block';
import {
  DEFAULT_SETTINGS,
  type AlternateHostCandidate,
  type MeetingDetails,
  type MeetingInvitee,
  type MeetingSyncState,
  type MeResponse,
  type MeetingDraft,
  type MicrosoftLinkResponse,
  type UserSettings,
} from '../../../src/addin/api/api-types';

export function meetingDetails(overrides: Partial<MeetingDetails> = {}): MeetingDetails {
  return {
    id: 'a1b2c3d4e5f6',
    meetingNumber: '25551234567',
    title: 'Quarterly planning',
    start: '2030-03-04T09:00:00Z',
    end: '2030-03-04T10:00:00Z',
    timezone: 'UTC',
    recurrence: null,
    webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m0123456789abcdef',
    sipAddress: '25551234567@contoso.webex.com',
    password: 'Xy7pQr2s',
    phoneAndVideoSystemPassword: '99772772',
    excludePassword: false,
    telephony: {
      accessCode: '25551234567',
      callInNumbers: [{ label: 'United States Toll', callInNumber: '+1-415-655-0001', tollType: 'toll' }],
    },
    options: { type: 'scheduled', joinBeforeHost: false, joinBeforeHostMinutes: 0, autoRecord: false },
    ...overrides,
  };
}

export interface FakeApi extends ApiClient, JoinBlockApi {
  meetings: Map<string, MeetingDetails>;
  drafts: MeetingDraft[];
  calls: string[];
  me: MeResponse;
  /** What POST /api/microsoft/link answers (default: the consent page is needed). */
  microsoftLink: MicrosoftLinkResponse;
  /** The completion codes sent to POST /api/webex/link/complete. */
  completions: string[];
  /** The linked Webex account's email, as the backend reads it from Webex. */
  webexEmail: string;
  /** Webex's invitees, by meeting id. */
  invitees: Map<string, MeetingInvitee[]>;
  /** What GET /api/meetings/:id/sync answers (and retry, after it). */
  syncState: MeetingSyncState;
  /** Addresses Webex lets be alternate hosts (the others are of another organization). */
  eligible: string[];
  /** The next call of `method` fails with this error code and status. */
  fail(method: keyof ApiClient | keyof JoinBlockApi, code: string, status?: number, retryAfterSeconds?: number): void;
}

export function fakeApi(init: { meeting?: Partial<MeetingDetails>; me?: Partial<MeResponse> } = {}): FakeApi {
  const failures = new Map<string, ApiError>();
  let counter = 0;
  const api: FakeApi = {
    meetings: new Map(),
    drafts: [],
    calls: [],
    completions: [],
    webexEmail: 'alex.wilber@contoso.example',
    invitees: new Map(),
    syncState: { status: 'inStep', problems: [] },
    eligible: ['megan.bowen@contoso.example', 'adele.vance@contoso.example'],
    me: { tenantId: 't1', userId: 'u1', tenantMode: 'individual', webexLinked: true, settings: { ...DEFAULT_SETTINGS }, ...init.me },
    microsoftLink: { status: 'consent_required', url: 'http://localhost:3001/auth/microsoft/start?state=s2' },
    fail(method, code, status = 400, retryAfterSeconds) {
      failures.set(method, new ApiError(code, status, code, 'req-1', retryAfterSeconds));
    },
    getMe: async () => run('getMe', () => api.me),
    updateSettings: async (update) =>
      run('updateSettings', () => {
        api.me = { ...api.me, settings: { ...api.me.settings, ...update } as UserSettings };
        return api.me.settings;
      }),
    createMeeting: async (draft) =>
      run('createMeeting', () => {
        api.drafts.push(draft);
        counter += 1;
        const id = counter === 1 ? 'a1b2c3d4e5f6' : `a1b2c3d4e5f${counter}`;
        const meeting = meetingDetails({
          id,
          title: draft.subject || 'Webex meeting',
          recurrence: draft.recurrence ?? null,
          ...init.meeting,
        });
        api.meetings.set(meeting.id, meeting);
        api.invitees.set(
          meeting.id,
          (draft.invitees ?? []).map((i) => ({
            email: i.email,
            ...(i.displayName ? { displayName: i.displayName } : {}),
            coHost: i.coHost === true,
          })),
        );
        return meeting;
      }),
    getMeeting: async (id) =>
      run('getMeeting', () => {
        const meeting = api.meetings.get(id);
        if (!meeting) throw new ApiError('meeting_not_found', 404, 'There is no such meeting.');
        return meeting;
      }),
    updateMeeting: async (id, changes) =>
      run('updateMeeting', () => {
        const meeting = api.meetings.get(id);
        if (!meeting) throw new ApiError('meeting_not_found', 404, 'There is no such meeting.');
        const updated: MeetingDetails = {
          ...meeting,
          ...(changes.start ? { start: changes.start } : {}),
          ...(changes.end ? { end: changes.end } : {}),
          ...(changes.recurrence !== undefined ? { recurrence: changes.recurrence } : {}),
          options: { ...meeting.options, ...(changes.options ?? {}) } as MeetingDetails['options'],
        };
        api.meetings.set(id, updated);
        return updated;
      }),
    deleteMeeting: async (id) =>
      run('deleteMeeting', () => {
        if (!api.meetings.delete(id)) throw new ApiError('meeting_not_found', 404, 'There is no such meeting.');
      }),
    getSyncState: async () => run('getSyncState', () => api.syncState),
    retrySync: async () => run('retrySync', () => api.syncState),
    getInvitees: async (id) => run('getInvitees', () => api.invitees.get(id) ?? []),
    setInvitees: async (id, invitees) =>
      run('setInvitees', () => {
        const set = invitees.map((i) => ({
          email: i.email,
          ...(i.displayName ? { displayName: i.displayName } : {}),
          coHost: i.coHost === true,
        }));
        api.invitees.set(id, set);
        return set;
      }),
    alternateHostCandidates: async (emails) =>
      run('alternateHostCandidates', () =>
        emails.map((email): AlternateHostCandidate =>
          api.eligible.includes(email.toLowerCase()) ? { email, eligible: true } : { email, eligible: false, reason: 'other_organization' },
        ),
      ),
    meetingChoices: async () =>
      run('meetingChoices', () => ({ sites: [{ siteUrl: 'contoso.webex.com', preferred: true }], templates: [] })),
    templateOptions: async () =>
      run('templateOptions', () => ({ joinBeforeHost: false, joinBeforeHostMinutes: 0 as const, autoRecord: false })),
    startWebexLink: async () => run('startWebexLink', () => ({ url: 'http://localhost:3001/auth/webex/start?state=s1' })),
    completeWebexLink: async (code) =>
      run('completeWebexLink', () => {
        api.completions.push(code);
        api.me = { ...api.me, webexLinked: true };
        return { email: api.webexEmail };
      }),
    webexAccount: async () => run('webexAccount', () => (api.me.webexLinked ? { email: api.webexEmail } : {})),
    unlinkWebex: async () =>
      run('unlinkWebex', () => {
        api.me = { ...api.me, webexLinked: false };
      }),
    startMicrosoftLink: async () => run('startMicrosoftLink', () => api.microsoftLink),
    unlinkMicrosoft: async () =>
      run('unlinkMicrosoft', () => {
        api.me = { ...api.me, calendarAccess: 'required' };
      }),
    getDelegation: async () =>
      run('getDelegation', () => ({
        owner: { userId: 'u2', displayName: 'Alex Wilber' },
        webexScheduling: 'personal' as const,
        ready: true,
        ownerActions: [],
      })),
    findJoinBlock: async ({ body, bodyType, joinLinkHosts }) => run('findJoinBlock', () => joinBlockOnBody(body, bodyType, joinLinkHosts)),
    writeJoinBlock: async ({ body, bodyType, details, locale, joinLinkHosts }) =>
      run('writeJoinBlock', () => bodyWithJoinBlock(body, bodyType, details, locale, joinLinkHosts)),
    removeJoinBlock: async ({ body, bodyType, joinLinkHosts }) =>
      run('removeJoinBlock', () => bodyWithoutJoinBlock(body, bodyType, joinLinkHosts)),
  };

  function run<T>(method: string, body: () => T): T {
    api.calls.push(method);
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
    return body();
  }
  return api;
}
