/**
 * The Webex Meetings calls the sync engine makes (WebexClient provides them), each one counted by
 * kind, so that the bench can say how many Webex calls an echo cost (the target is zero).
 *
 * In admin mode the organization's token acts for the user: reads and deletes name the host in
 * their options, creates, updates and lists in their body or query (`hostEmail`).
 *
 * Invitee calls (/meetingInvitees) are counted apart, so that an attendee change is seen to cost
 * exactly its invitee calls, and an edit Webex does not care about none.
 */
import type {
  WebexCreateMeetingRequest,
  WebexInviteeCalls,
  WebexListMeetingsQuery,
  WebexMeeting,
  WebexPatchMeetingRequest,
} from '../webex';
import type { SyncMetrics } from './sync-metrics';

export interface SyncWebexApi extends WebexInviteeCalls {
  getMeeting(token: string, meetingId: string, options?: { hostEmail?: string }): Promise<WebexMeeting>;
  createMeeting(token: string, body: WebexCreateMeetingRequest): Promise<WebexMeeting>;
  updateMeeting(token: string, meetingId: string, patch: WebexPatchMeetingRequest): Promise<WebexMeeting>;
  deleteMeeting(token: string, meetingId: string, options: { sendEmail: boolean; hostEmail?: string }): Promise<void>;
  listMeetings(token: string, query: WebexListMeetingsQuery): Promise<WebexMeeting[]>;
}

export type WebexCallKind = 'get' | 'create' | 'update' | 'delete' | 'list' | 'invitees_list' | 'invitees_create' | 'invitee_delete';

export function countedWebex(api: SyncWebexApi, metrics: SyncMetrics): SyncWebexApi {
  const count = (kind: WebexCallKind): void => metrics.inc('webex_calls', { kind });
  return {
    getMeeting(token, meetingId, options) {
      count('get');
      return api.getMeeting(token, meetingId, options);
    },
    createMeeting(token, body) {
      count('create');
      return api.createMeeting(token, body);
    },
    updateMeeting(token, meetingId, patch) {
      count('update');
      return api.updateMeeting(token, meetingId, patch);
    },
    deleteMeeting(token, meetingId, options) {
      count('delete');
      return api.deleteMeeting(token, meetingId, options);
    },
    listMeetings(token, query) {
      count('list');
      return api.listMeetings(token, query);
    },
    listInvitees(token, meetingId, options) {
      count('invitees_list');
      return api.listInvitees(token, meetingId, options);
    },
    createInvitee(token, meetingId, invitee, options) {
      count('invitees_create');
      return api.createInvitee(token, meetingId, invitee, options);
    },
    bulkInsertInvitees(token, meetingId, invitees, options) {
      count('invitees_create');
      return api.bulkInsertInvitees(token, meetingId, invitees, options);
    },
    deleteInvitee(token, inviteeId, options) {
      count('invitee_delete');
      return api.deleteInvitee(token, inviteeId, options);
    },
  };
}
