/**
 * What the pane must ask of the user before anything else, from GET /api/me (pure). The backend
 * orders requiredActions (connect Webex before authorizing the calendar: without Webex no meeting
 * can be added at all). A backend older than the authorization modes sends no requiredActions: then
 * only an unlinked Webex account is asked for, as before.
 */
import type { CalendarAccess, MeResponse, RequiredAction, WebexScheduling } from '../api/api-types';

export interface AuthorizationModes {
  calendarAccess: CalendarAccess | undefined;
  webexScheduling: WebexScheduling;
}

export function requiredActionsOf(me: MeResponse): RequiredAction[] {
  if (Array.isArray(me.requiredActions)) return me.requiredActions.filter((a) => a === 'link_webex' || a === 'authorize_calendar');
  return me.webexLinked ? [] : ['link_webex'];
}

/**
 * The first action still to do, skipping those the user put off in this pane (the calendar can be
 * authorized later from the settings: meetings can be added without it).
 */
export function nextRequiredAction(me: MeResponse, postponed: ReadonlySet<RequiredAction> = new Set()): RequiredAction | undefined {
  return requiredActionsOf(me).find((action) => !postponed.has(action));
}

/** Which authorization mode is in force, for the settings view. */
export function authorizationModes(me: MeResponse): AuthorizationModes {
  return {
    calendarAccess: me.calendarAccess,
    webexScheduling: me.webexScheduling ?? 'personal',
  };
}
