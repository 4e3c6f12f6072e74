/**
 * The backend API as the add-in sees it: the wire format is defined once, in src/core/api-types.ts,
 * which the backend's routes (src/server/http) use too.
 */
import { DEFAULT_USER_SETTINGS } from '../../core/api-types';
import type { MeetingDraftInput } from '../../core/meeting-draft';

export type {
  AlternateHostCandidate,
  AlternateHostRefusal,
  CalendarAccess,
  CallInNumber,
  DelegationStatus,
  MeetingChanges,
  MeetingDetails,
  MeetingInvitee,
  MeetingSyncState,
  MeResponse,
  MicrosoftLinkResponse,
  OwnerAction,
  RequiredAction,
  SyncProblem,
  SyncStatus,
  UserSettings,
  WebexAccount,
  WebexScheduling,
  MeetingChoices,
  TemplateOptions,
  TemplateResponse,
  AppointmentBodyType,
  JoinBlockBodyRequest,
  JoinBlockEditResponse,
  JoinBlockFindResponse,
  JoinBlockWriteRequest,
} from '../../core/api-types';

export const DEFAULT_SETTINGS = DEFAULT_USER_SETTINGS;

export type MeetingDraft = MeetingDraftInput;
