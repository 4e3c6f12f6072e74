/**
 * The wire format of /api/teams, the backend of the Webex calling tab for Microsoft Teams: in core,
 * because the tab and the backend import nothing of each other but must agree on it.
 */

export type PhoneKind = 'business' | 'mobile' | 'home';

export interface PhoneNumber {
  kind: PhoneKind;
  /** As Microsoft 365 holds it ("+1 425 555 0101"); the tab normalizes it for dialing. */
  number: string;
}

/** Someone the tab shows and can call: a directory user or a personal contact. */
export interface Person {
  kind: 'user' | 'contact';
  /** The user's object id, or the contact's id. */
  id: string;
  displayName: string;
  jobTitle?: string;
  companyName?: string;
  /** The mail (or sign-in name) of a user; the first e-mail address of a contact. */
  email?: string;
  phones: PhoneNumber[];
}

/** One speed dial, as kept in the user's open extension. Its place in the list is its order. */
export interface SpeedDial {
  displayName: string;
  number?: string;
  address?: string;
  /** A directory user's object id, so that the tab can show their photo. */
  userId?: string;
}

export interface MeResponse {
  person: Person;
}

export interface PeopleResponse {
  people: Person[];
  /** Opaque: pass as `cursor` for the next page. */
  next?: string;
}

export interface PersonResponse {
  person: Person;
}

export interface SpeedDialsResponse {
  speedDials: SpeedDial[];
  /** Most speed dials the extension can hold. */
  max: number;
}

export interface SpeedDialsUpdate {
  speedDials: SpeedDial[];
}

/** Codes of /api/teams errors (besides the bearer codes of every /api route). */
export type TeamsErrorCode =
  /** The user (or, for User.Read.All and ChannelMember.Read.All, an admin) has not granted the app these Graph permissions, or the grant was revoked: offer to authorize. */
  | 'consent_required'
  /** Microsoft asks the user to sign in again (MFA, conditional access, revoked session): offer to authorize. */
  | 'interaction_required'
  /** The SSO token could not be exchanged (expired, for another app): get a fresh one and retry. */
  | 'sso_token_rejected'
  | 'not_found'
  | 'photo_not_found'
  /** The caller is not a member of that chat or channel. */
  | 'not_a_member'
  | 'invalid_request'
  /** More speed dials than the extension can hold. */
  | 'speed_dials_full'
  /** Microsoft Graph or the identity platform is busy or down: retry after Retry-After. */
  | 'graph_unavailable'
  | 'graph_failed'
  /** The deployment's credential was refused: the operator must fix the configuration. */
  | 'server_misconfigured';
