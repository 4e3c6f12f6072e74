/**
 * The backend API as the add-in sees it (src/server/http: me-routes, meeting-routes,
 * webex-link-routes). Written out here because the add-in may not import the server; the
 * integration tests keep both sides honest.
 */
import type { MeetingDraftInput, MeetingOptions, MeetingType } from '../../core/meeting-draft';

export interface UserSettings {
  defaultMeetingType: MeetingType;
  /** Show the meeting password in the invitation. */
  password: boolean;
  joinBeforeHost: boolean;
  autoRecord: boolean;
  /** Add a Webex meeting to every new appointment (launch event). */
  addToEveryNewMeeting: boolean;
}

export const DEFAULT_SETTINGS: Readonly<UserSettings> = {
  defaultMeetingType: 'scheduled',
  password: true,
  joinBeforeHost: false,
  autoRecord: false,
  addToEveryNewMeeting: false,
};

export interface MeResponse {
  tenantId: string;
  userId: string;
  tenantMode: 'admin' | 'individual' | 'none';
  webexLinked: boolean;
  settings: UserSettings;
}

export interface CallInNumber {
  label?: string;
  callInNumber?: string;
  tollType?: string;
}

/** What the backend answers about a meeting; never the host key. */
export interface MeetingDetails {
  id: string;
  meetingSeriesId?: string;
  meetingNumber?: string;
  title: string;
  start?: string;
  end?: string;
  timezone?: string;
  recurrence: string | null;
  webLink?: string;
  siteUrl?: string;
  sipAddress?: string;
  password?: string;
  phoneAndVideoSystemPassword?: string;
  excludePassword: boolean;
  telephony: { accessCode?: string; callInNumbers: CallInNumber[] } | null;
  options: { type: MeetingType; joinBeforeHost: boolean; joinBeforeHostMinutes: number; autoRecord: boolean };
}

export type MeetingDraft = MeetingDraftInput;

/** Body of PATCH /api/meetings/:id. */
export interface MeetingChanges {
  subject?: string;
  start?: string;
  end?: string;
  timeZone?: string;
  recurrence?: string | null;
  options?: Partial<MeetingOptions>;
}
