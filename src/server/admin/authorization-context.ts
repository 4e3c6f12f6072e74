/**
 * What the admin pages and the users' own calendar authorization need, built once by the app.
 */
import type { Config } from '../config';
import type { ConfidentialClientPoolOptions, GraphClient } from '../graph';
import type { Store } from '../store';
import type { WebexMeetingTemplate } from '../webex/webex-types';
import { createAdminRoleCheck, type AdminRoleCheck } from './admin-role-check';
import type { AdminSessionContext } from './admin-sessions';
import type { MailboxAccess } from './calendar-revocation';
import type { HostEmailResolver } from './host-email-resolver';
import { createCookieJar, createCookieSealer } from './sealed-cookies';
import type { SyncErrorSource } from './sync-error-source';

/** The sync engine's access to a user's mailbox (src/server/sync/graph-access.ts GraphAccess). */
export interface DelegatedMailboxAccess extends MailboxAccess {
  /** Exchanges the user's token for our API for a delegated Graph token and keeps MSAL's cache (on-behalf-of). */
  startDelegated?(tenantId: string, userId: string, userAssertion: string): Promise<void>;
  hasDelegated(tenantId: string, userId: string): Promise<boolean>;
}

/** The Graph permissions a delegate's check needs; the user's own calendar authorization asks for them too. */
export function delegateScopes(graphResource: string): string[] {
  return [`${graphResource}/Calendars.ReadWrite.Shared`, `${graphResource}/User.ReadBasic.All`];
}

export interface AuthorizationContext extends AdminSessionContext {
  config: Config;
  store: Store;
  /** Graph with the tenants' app-only tokens. */
  graph: GraphClient;
  mailboxAccess: DelegatedMailboxAccess;
  hostEmails?: HostEmailResolver;
  syncErrors: SyncErrorSource;
  clock: () => Date;
  /** Network options of the MSAL applications that exchange codes (tests). */
  msalPoolOptions?: Omit<ConfidentialClientPoolOptions, 'cachePluginFor'>;
  /** Pauses between the checks of a fresh admin consent (default 1 s then 3 s). */
  consentRetryDelaysMs?: readonly number[];
  /**
   * Called when the backend may read a user's calendar (their own authorization, or their first
   * call in an admin-mode tenant): where the sync engine subscribes to it (ensureCalendarSync).
   * `userAssertion` is the user's token for our API when the call carried one. Must be idempotent.
   */
  onCalendarAvailable?: CalendarAvailableHook;
  /**
   * The organization's meeting templates (List Meeting Templates with the organization token,
   * WEBEX_SERVICE_TOKEN, as the signed-in admin — `hostEmail` — sees them on their Webex site):
   * offered as the choices of the default template on the admin page. Absent without an
   * organization token: the page asks for a template id instead.
   */
  organizationTemplates?: (tenantId: string, adminUserId: string) => Promise<WebexMeetingTemplate[]>;
}

/** The backend may now follow this user's calendar; `userAssertion`: their token for our API, if at hand (on-behalf-of). */
export type CalendarAvailableHook = (tenantId: string, userId: string, userAssertion?: string) => Promise<void>;

export type AuthorizationContextInput = Omit<AuthorizationContext, 'sealer' | 'jar' | 'checkAdminRole'> & {
  /** How an admin session's role is looked up again; by the sign-in's refresh token by default. */
  checkAdminRole?: AdminRoleCheck;
};

export function createAuthorizationContext(input: AuthorizationContextInput): AuthorizationContext {
  return {
    ...input,
    sealer: createCookieSealer(input.config.tokenEncryptionKey, input.clock),
    jar: createCookieJar(new URL(input.config.publicBaseUrl).protocol === 'https:'),
    checkAdminRole: input.checkAdminRole ?? createAdminRoleCheck(input.config.microsoft, input.msalPoolOptions),
  };
}

/**
 * The Graph scopes of a user's own calendar authorization (individual mode,
 * docs/architecture.md#parts-and-permissions): their calendar (Calendars.ReadWrite, User.Read), and
 * what checking that they are someone's delegate needs (meetings/delegation.ts:
 * Calendars.ReadWrite.Shared, User.ReadBasic.All), so that one consent covers both.
 */
export function individualScopes(graphResource: string): string[] {
  return [`${graphResource}/Calendars.ReadWrite`, `${graphResource}/User.Read`, ...delegateScopes(graphResource)];
}
