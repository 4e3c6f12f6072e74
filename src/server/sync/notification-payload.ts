/**
 * The bodies Microsoft Graph POSTs to the receiver, checked field by field before anything is
 * trusted (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks, and
 * .../change-notifications-lifecycle-events):
 *
 *   { "value": [ { "subscriptionId": "...", "clientState": "...", "changeType": "updated",
 *       "resource": "Users/{user id}/Events/{event id}", "tenantId": "...",   (or "users/{user-guid}@{tenant-guid}/events/{event id}")
 *       "resourceData": { "@odata.type": "#Microsoft.Graph.Event", "@odata.etag": "W/\"<changeKey>\"", "id": "..." } } ] }
 *   { "value": [ { "subscriptionId": "...", "clientState": "...", "lifecycleEvent": "missed", ... } ] }
 *
 * Pure: the receiver decides what to do with what this returns.
 */

export type ChangeType = 'created' | 'updated' | 'deleted';
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

const CHANGE_TYPES: readonly string[] = ['created', 'updated', 'deleted'];
const LIFECYCLE_EVENTS: readonly string[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];
/** Ids we store or put in job payloads; Graph's are far shorter. */
const MAX_ID_LENGTH = 512;

export interface ChangeNotification {
  kind: 'change';
  subscriptionId: string;
  clientState: string;
  changeType: ChangeType;
  /** The mailbox named by `resource` (object id, as Graph writes it). */
  userId: string;
  eventId: string;
  /** From resourceData's @odata.etag, when Graph sent one. */
  changeKey?: string;
  tenantId?: string;
}

export interface LifecycleNotification {
  kind: 'lifecycle';
  subscriptionId: string;
  clientState: string;
  lifecycleEvent: LifecycleEvent;
  tenantId?: string;
}

export type Notification = ChangeNotification | LifecycleNotification;

export type NotificationIssue =
  'malformed' | 'missing_client_state' | 'unknown_lifecycle_event' | 'unsupported_resource' | 'tenant_mismatch';

export interface ParsedNotifications {
  notifications: Notification[];
  /** Items that were refused, by reason (they are dropped and counted). */
  refused: NotificationIssue[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  return trimmed !== '' && trimmed.length <= MAX_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(trimmed) ? trimmed : undefined;
}

/** `W/"<changeKey>"` (or a bare quoted or unquoted value) -> the changeKey. */
export function changeKeyOfEtag(etag: unknown): string | undefined {
  if (typeof etag !== 'string') return undefined;
  const m = /^(?:W\/)?"(.*)"$/.exec(etag.trim());
  return id(m ? m[1] : etag);
}

function segmentKey(segment: string): string {
  // The receiver's hot path: most segments have neither a key in parentheses nor an escape.
  const m = segment.includes('(') ? /^[^(]*\('(.*)'\)$/.exec(segment) : null;
  let raw = m ? (m[1] as string) : segment;
  if (!raw.includes('%')) return raw;
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded after all: use it as it is.
  }
  return raw;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Graph names the user either by object id or, as in the example of its "Receive change
 * notifications through webhooks" page, as "{user-guid}@{tenant-guid}". Only a GUID after the
 * '@' is a tenant: a user principal name is left whole.
 */
function userAndTenant(key: string | undefined): { userId: string; tenantId?: string } | undefined {
  if (!key) return undefined;
  const at = key.lastIndexOf('@');
  const tenantId = at > 0 ? key.slice(at + 1) : '';
  if (!GUID.test(tenantId)) return { userId: key };
  const userId = id(key.slice(0, at));
  return userId ? { userId, tenantId } : undefined;
}

/**
 * The user and event a notification's `resource` names: "Users/{user}/Events/{event}" or
 * "users/{user-guid}@{tenant-guid}/events/{event}" (Graph's spellings; the second also gives the
 * tenant), also "users('{user}')/events('{event}')"; "/calendar" is skipped, and "/me" forms are
 * refused, since a subscription of ours always names the user.
 */
export function parseEventResource(resource: unknown): { userId: string; tenantId?: string; eventId?: string } | undefined {
  if (typeof resource !== 'string') return undefined;
  // The receiver's hot path: Graph's resources have no leading, doubled or trailing slash.
  const plain = !resource.startsWith('/') && !resource.endsWith('/') && !resource.includes('//');
  const parts = plain
    ? resource.split('/')
    : resource
        .replace(/^\/+/, '')
        .split('/')
        .filter((p) => p !== '');
  const head = parts[0] ?? '';
  let user: { userId: string; tenantId?: string } | undefined;
  let rest: string[];
  if (/^users\('/i.test(head)) {
    user = userAndTenant(id(segmentKey(head)));
    rest = parts.slice(1);
  } else if (/^users$/i.test(head)) {
    user = userAndTenant(id(segmentKey(parts[1] ?? '')));
    rest = parts.slice(2);
  } else {
    return undefined;
  }
  if (!user) return undefined;
  if (rest[0]?.toLowerCase() === 'calendar') rest = rest.slice(1);
  const collection = rest[0] ?? '';
  if (/^events\('/i.test(collection)) return rest.length === 1 ? { ...user, eventId: id(segmentKey(collection)) } : undefined;
  if (!/^events$/i.test(collection)) return undefined;
  if (rest.length === 1) return user;
  if (rest.length !== 2) return undefined;
  const eventId = id(segmentKey(rest[1] as string));
  return eventId ? { ...user, eventId } : undefined;
}

function parseItem(item: unknown): Notification | NotificationIssue {
  if (!isRecord(item)) return 'malformed';
  const subscriptionId = id(item.subscriptionId);
  if (!subscriptionId) return 'malformed';
  const clientState = typeof item.clientState === 'string' && item.clientState.length <= MAX_ID_LENGTH ? item.clientState : undefined;
  if (clientState === undefined || clientState === '') return 'missing_client_state';
  const tenantId = id(item.tenantId);
  if (item.lifecycleEvent !== undefined) {
    if (typeof item.lifecycleEvent !== 'string' || !LIFECYCLE_EVENTS.includes(item.lifecycleEvent)) return 'unknown_lifecycle_event';
    return {
      kind: 'lifecycle',
      subscriptionId,
      clientState,
      lifecycleEvent: item.lifecycleEvent as LifecycleEvent,
      ...(tenantId ? { tenantId } : {}),
    };
  }
  if (typeof item.changeType !== 'string' || !CHANGE_TYPES.includes(item.changeType)) return 'malformed';
  const target = parseEventResource(item.resource);
  if (!target) return 'unsupported_resource';
  // A resource that names its tenant names the notification's: anything else is not Graph's.
  if (target.tenantId !== undefined && target.tenantId.toLowerCase() !== tenantId?.toLowerCase()) return 'tenant_mismatch';
  const data = isRecord(item.resourceData) ? item.resourceData : {};
  const eventId = id(data.id) ?? target.eventId;
  if (!eventId) return 'unsupported_resource';
  const changeKey = changeKeyOfEtag(data['@odata.etag']);
  return {
    kind: 'change',
    subscriptionId,
    clientState,
    changeType: item.changeType as ChangeType,
    userId: target.userId,
    eventId,
    ...(changeKey ? { changeKey } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/** The notifications of a POST body; undefined when the body is not `{ value: [...] }` at all. */
export function parseNotifications(body: unknown, maxItems = 1000): ParsedNotifications | undefined {
  if (!isRecord(body) || !Array.isArray(body.value) || body.value.length > maxItems) return undefined;
  const parsed: ParsedNotifications = { notifications: [], refused: [] };
  for (const item of body.value as unknown[]) {
    const result = parseItem(item);
    if (typeof result === 'string') parsed.refused.push(result);
    else parsed.notifications.push(result);
  }
  return parsed;
}
