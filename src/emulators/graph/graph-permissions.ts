/**
 * Which permissions each call needs, after Graph's permission reference (least privileged first),
 * and the 403 each workload answers with when they are missing: Entra's
 * Authorization_RequestDenied for directory reads, Exchange's ErrorAccessDenied for calendars.
 */
import { GraphCaller, holdsAny } from './access-token';
import { GraphApiError } from './graph-error';

export interface PermissionRule {
  application: readonly string[];
  delegated: readonly string[];
  workload: 'directory' | 'mailbox';
}

const USER_READ_ALL = ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

export const PERMISSIONS = {
  /** The signed-in user's own profile. */
  readSelf: {
    application: [],
    delegated: ['User.Read', 'User.ReadWrite', ...USER_READ_ALL, 'Directory.AccessAsUser.All'],
    workload: 'directory',
  },
  /** Any user of the tenant. */
  readUsers: {
    application: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: [...USER_READ_ALL, 'Directory.AccessAsUser.All'],
    workload: 'directory',
  },
  readOrganization: {
    application: ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: [
      'User.Read',
      'Organization.Read.All',
      'Organization.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'Directory.AccessAsUser.All',
    ],
    workload: 'directory',
  },
  readEvents: {
    application: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
    delegated: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
    workload: 'mailbox',
  },
  writeEvents: { application: ['Calendars.ReadWrite'], delegated: ['Calendars.ReadWrite'], workload: 'mailbox' },
  /**
   * Another user's calendar, which its owner shared or delegated in Outlook ("Get shared or delegated
   * Outlook calendar and its events"): only the sharing permissions reach it, and only as far as
   * the owner's grant goes. They never allow change notifications there.
   */
  readSharedEvents: { application: [], delegated: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'], workload: 'mailbox' },
  writeSharedEvents: { application: [], delegated: ['Calendars.ReadWrite.Shared'], workload: 'mailbox' },
} as const satisfies Record<string, PermissionRule>;

export function accessDenied(workload: PermissionRule['workload']): GraphApiError {
  return workload === 'mailbox'
    ? new GraphApiError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.')
    : new GraphApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** Throws 403 unless the caller holds one of the permissions the rule lists for its kind. */
export function requirePermission(caller: GraphCaller, rule: PermissionRule): void {
  const needed = caller.kind === 'application' ? rule.application : rule.delegated;
  if (!holdsAny(caller, needed)) throw accessDenied(rule.workload);
}
