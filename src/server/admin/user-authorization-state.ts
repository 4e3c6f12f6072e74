/**
 * What GET /api/me tells the add-in about authorization, so that it can say which mode is in force
 * and what the user must do (pure):
 *
 * - calendarAccess: how the backend reads the user's calendar to follow later edits —
 *   'organization' (an admin authorized the app for the tenant), 'user' (the user authorized it
 *   themselves), 'required' (nobody has: the user should authorize it);
 * - webexScheduling: who creates the Webex meetings — 'organization' (admin mode with the
 *   organization's Webex token, for the user by email) or 'personal' (the user's linked account);
 * - requiredActions: in the order to ask for them, 'link_webex' (POST /api/webex/link) before
 *   'authorize_calendar' (POST /api/microsoft/link): without the first no meeting can be added,
 *   without the second later edits made outside the add-in are not followed.
 */

import type { CalendarAccess, RequiredAction, WebexScheduling } from '../../core/api-types';

export interface UserAuthorizationState {
  calendarAccess: CalendarAccess;
  webexScheduling: WebexScheduling;
  requiredActions: RequiredAction[];
}

export interface UserAuthorizationFacts {
  tenantMode: 'admin' | 'individual' | 'none';
  /** The deployment has an organization Webex token (WEBEX_SERVICE_TOKEN). */
  webexServiceToken: boolean;
  webexLinked: boolean;
  /** The user authorized their own calendar (a delegated token cache is stored). */
  calendarAuthorized: boolean;
}

export function userAuthorizationState(facts: UserAuthorizationFacts): UserAuthorizationState {
  const admin = facts.tenantMode === 'admin';
  const calendarAccess: CalendarAccess = admin ? 'organization' : facts.calendarAuthorized ? 'user' : 'required';
  const webexScheduling: WebexScheduling = admin && facts.webexServiceToken ? 'organization' : 'personal';
  const requiredActions: RequiredAction[] = [];
  if (webexScheduling === 'personal' && !facts.webexLinked) requiredActions.push('link_webex');
  if (calendarAccess === 'required') requiredActions.push('authorize_calendar');
  return { calendarAccess, webexScheduling, requiredActions };
}
