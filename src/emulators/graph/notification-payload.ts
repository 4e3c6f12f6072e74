/**
 * The bodies Graph posts to notification endpoints: a changeNotificationCollection whose value[]
 * holds changeNotification objects (https://learn.microsoft.com/graph/api/resources/changenotification).
 * For Outlook events the resource is "Users/{user id}/Events/{event id}", or, as in the example of
 * Graph's "Receive change notifications through webhooks" page, "users/{user-guid}@{tenant-guid}/
 * events/{event id}" (ResourceForm: both occur, and receivers must take both). resourceData carries
 * the event's type, OData id, etag and id, nothing of its content. Ids take the form the
 * subscription was created with (Prefer: IdType). Lifecycle notifications carry lifecycleEvent
 * instead of changeType and name no resource.
 */
import type { EventChangeType } from './event-store';
import { encodeEventId } from './event-ids';
import type { LifecycleEvent, Subscription } from './subscription-store';

export interface ChangeNotification {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  changeType: EventChangeType;
  resource: string;
  resourceData: Record<string, string>;
  clientState: string | null;
  tenantId: string;
}

export interface LifecycleNotification {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  tenantId: string;
  clientState: string | null;
  lifecycleEvent: LifecycleEvent;
}

export type GraphNotification = ChangeNotification | LifecycleNotification;

/** Graph writes subscriptionExpirationDateTime with milliseconds and an explicit offset. */
export function notificationDateTime(instant: number): string {
  return new Date(instant).toISOString().replace(/Z$/, '+00:00');
}

export interface ChangedEvent {
  changeType: EventChangeType;
  mailboxId: string;
  key: string;
  changeKey: string;
}

/** How `resource` names the event: "Users/{id}/Events/{id}" or "users/{user-guid}@{tenant-guid}/events/{id}". */
export type ResourceForm = 'userId' | 'userAtTenant';
export const RESOURCE_FORMS: readonly ResourceForm[] = ['userId', 'userAtTenant'];

export function changeNotification(sub: Subscription, change: ChangedEvent, form: ResourceForm = 'userId'): ChangeNotification {
  const id = encodeEventId(sub.idType, change.mailboxId, change.key);
  const user = form === 'userAtTenant' ? `${change.mailboxId}@${sub.tenantId.toLowerCase()}` : change.mailboxId;
  const resource = form === 'userAtTenant' ? `users/${user}/events/${id}` : `Users/${user}/Events/${id}`;
  const resourceData: Record<string, string> = { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${user}/Events/${id}` };
  // A deleted item has no current version to name.
  if (change.changeType !== 'deleted') resourceData['@odata.etag'] = `W/"${change.changeKey}"`;
  resourceData.id = id;
  return {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: notificationDateTime(sub.expiration),
    changeType: change.changeType,
    resource,
    resourceData,
    clientState: sub.clientState,
    tenantId: sub.tenantId,
  };
}

export function lifecycleNotification(sub: Subscription, lifecycleEvent: LifecycleEvent): LifecycleNotification {
  return {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: notificationDateTime(sub.expiration),
    tenantId: sub.tenantId,
    clientState: sub.clientState,
    lifecycleEvent,
  };
}
