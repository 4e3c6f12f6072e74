/**
 * The appointment's attendees as the Webex meeting's invitees, and which of them may be alternate
 * hosts: Webex allows people of the host's own Webex organization; the others are offered but
 * cannot be chosen, with the reason. The organizer (the signed-in mailbox) is never an invitee.
 *
 * The backend is asked about at most 100 people at once: beyond, the pane says it could not tell.
 */
import { emailKey, inviteesFromAttendees, type Invitee } from '../../core/invitees';
import type { AlternateHostRefusal, MeetingInvitee } from '../api/api-types';
import type { FlowDeps } from './flow-deps';

/** How many attendees the backend is asked about at once. */
export const MAX_CHECKED_ATTENDEES = 100;

export interface AlternateHostChoice {
  email: string;
  displayName?: string;
  /** Whether Webex lets them be an alternate host. */
  eligible: boolean;
  reason?: AlternateHostRefusal;
}

/** The attendees offered as alternate hosts, and those chosen (Webex's `coHost`). */
export interface AlternateHosts {
  choices: AlternateHostChoice[];
  selected: string[];
}

type Deps = Pick<FlowDeps, 'item' | 'api' | 'userEmail'>;

/** The appointment's attendees as invitees (rooms and the organizer left out), `alternateHosts` marked. */
export async function attendeeInvitees(
  deps: Pick<FlowDeps, 'item' | 'userEmail'>,
  alternateHosts: readonly string[] = [],
): Promise<Invitee[]> {
  return inviteesFromAttendees(await deps.item.getAttendees(), { exclude: [deps.userEmail], alternateHosts });
}

/** The attendees, each with whether Webex lets them be an alternate host; `selected` as Webex has them for a meeting. */
export async function readAlternateHosts(deps: Deps, meetingId?: string): Promise<AlternateHosts> {
  const invitees = await attendeeInvitees(deps);
  const asked = invitees.slice(0, MAX_CHECKED_ATTENDEES);
  const [answers, current] = await Promise.all([
    asked.length > 0 ? deps.api.alternateHostCandidates(asked.map((i) => i.email)) : Promise.resolve([]),
    meetingId ? deps.api.getInvitees(meetingId) : Promise.resolve([] as MeetingInvitee[]),
  ]);
  const byEmail = new Map(answers.map((a) => [emailKey(a.email), a]));
  const choices = invitees.map((i): AlternateHostChoice => {
    const answer = byEmail.get(emailKey(i.email));
    return {
      email: i.email,
      ...(i.displayName ? { displayName: i.displayName } : {}),
      eligible: answer?.eligible === true,
      ...(answer?.eligible === true ? {} : { reason: answer?.reason ?? 'not_checked' }),
    };
  });
  const offered = new Set(choices.filter((c) => c.eligible).map((c) => emailKey(c.email)));
  const selected = current.filter((i) => i.coHost && offered.has(emailKey(i.email))).map((i) => i.email);
  return { choices, selected };
}

/** Makes the meeting's invitees the appointment's attendees, with these alternate hosts; answers what Webex then has. */
export async function saveAlternateHosts(deps: Deps, meetingId: string, alternateHosts: readonly string[]): Promise<AlternateHosts> {
  const invitees = await attendeeInvitees(deps, alternateHosts);
  await deps.api.setInvitees(meetingId, invitees);
  return readAlternateHosts(deps, meetingId);
}
