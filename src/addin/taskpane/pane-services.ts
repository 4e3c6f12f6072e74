/**
 * Everything the task pane does that is not drawing: the App gets these as a prop (as the official
 * task-pane template passes `insertText`), so components never touch `Office` or the network and
 * component tests give them fakes.
 */
import type { MeetingOptions } from '../../core/meeting-draft';
import type {
  DelegationStatus,
  MeetingChoices,
  MeetingDetails,
  MeetingSyncState,
  MeResponse,
  TemplateOptions,
  UserSettings,
  WebexAccount,
} from '../api/api-types';
import type { AddMeetingResult } from '../flows/add-meeting';
import type { AlternateHosts } from '../flows/alternate-hosts';
import type { CalendarAuthorizationStart } from '../flows/authorize-calendar';

/** The appointment is in someone else's calendar: whose, and what the backend says of it. */
export interface PaneDelegation {
  /** The owner's address, as Office gives it. */
  owner: string;
  status: DelegationStatus;
}

export interface PaneServices {
  /** True when sign-in surely needs the user now (no token kept, none to find silently): the pane starts at its sign-in. */
  signInNeeded(): boolean;
  /** Signs in on a user gesture (may open a sign-in window). */
  signIn(): Promise<void>;
  /** Who the user is and how they are set up; rejects with AuthError 'sign_in_required' when sign-in needs them. */
  loadMe(): Promise<MeResponse>;
  /** The owner of the calendar the appointment is in, when it is not the user's own (Office's shared properties). */
  calendarOwner(): Promise<string | undefined>;
  /**
   * Whose calendar the appointment is in and what the backend says of it, when it is not the
   * user's own; rejects with the backend's code (delegate_access_required, delegate_consent_required)
   * when the user may not add meetings there.
   */
  loadDelegation(): Promise<PaneDelegation | undefined>;
  /** The Webex meeting id the appointment already has, if any. */
  findMeeting(): Promise<string | undefined>;
  getMeeting(meetingId: string): Promise<MeetingDetails>;
  /** Adds the meeting with the appointment's attendees as invitees, `alternateHosts` (addresses) as alternate hosts. */
  addMeeting(options: Partial<MeetingOptions>, alternateHosts: readonly string[]): Promise<AddMeetingResult>;
  /** The attendees that may be alternate hosts (and why not), and those the meeting has, if one is given. */
  alternateHosts(meetingId?: string): Promise<AlternateHosts>;
  /** Sets the meeting's invitees to the attendees, with these alternate hosts. */
  saveAlternateHosts(meetingId: string, alternateHosts: readonly string[]): Promise<AlternateHosts>;
  /** Whether the Webex meeting is in step with the appointment. */
  syncState(meetingId: string): Promise<MeetingSyncState>;
  /** Tries again to bring the Webex meeting in step (after reconnecting, or once the cause is gone). */
  retrySync(meetingId: string): Promise<MeetingSyncState>;
  /** The Webex sites and meeting templates the meeting's host may choose from. */
  meetingChoices(): Promise<MeetingChoices>;
  /** What a meeting template sets, to show before the meeting is made from it. */
  templateOptions(templateId: string): Promise<TemplateOptions>;
  removeMeeting(): Promise<void>;
  changeOptions(meetingId: string, options: Partial<MeetingOptions>): Promise<MeetingDetails>;
  /** The appointment's time or recurrence changed: the meeting follows (undefined when it has none). */
  updateFromItem(): Promise<MeetingDetails | undefined>;
  /** Links the user's Webex account; resolves to the linked account (its email, when Webex gave it). */
  connectWebex(): Promise<WebexAccount>;
  /** The linked Webex account as Webex knows it now, so that the user sees which account it is. */
  webexAccount(): Promise<WebexAccount>;
  disconnectWebex(): Promise<void>;
  /** Asks the backend to follow the calendar: done at once, or a consent page for authorizeCalendar. */
  startCalendarAuthorization(): Promise<CalendarAuthorizationStart>;
  /** Opens the consent page in an Office dialog (on a user gesture); resolves once the calendar is followed. */
  authorizeCalendar(url: string): Promise<void>;
  /** Withdraws the user's own calendar authorization. */
  withdrawCalendarAuthorization(): Promise<void>;
  saveSettings(update: Partial<UserSettings>): Promise<UserSettings>;
  copyText(text: string): Promise<void>;
  /** Calls `listener` when the appointment's time or recurrence changes; returns a function that stops it. */
  onAppointmentChanged(listener: () => void): () => void;
  /** Calls `listener` when the appointment's attendees change; returns a function that stops it. */
  onAttendeesChanged(listener: () => void): () => void;
}
