/**
 * Change-notification subscriptions, in memory, and their Graph resource shape. A subscription
 * belongs to the application that created it in one tenant (and to the signed-in user when it was
 * created with a delegated token); it lives until its expirationDateTime, by the emulator's clock,
 * and is then gone: it neither delivers nor shows in lists, as in Graph.
 */
import { randomUUID } from 'node:crypto';
import type { IdType } from './event-ids';
import { formatGraphTimestamp } from './time-zones';

export type ChangeType = 'created' | 'updated' | 'deleted';
export const CHANGE_TYPES: readonly ChangeType[] = ['created', 'updated', 'deleted'];

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

export interface Subscription {
  id: string;
  tenantId: string;
  applicationId: string;
  /** The signed-in user (delegated) or the app's service principal (app-only). */
  creatorId: string;
  /** Set when a delegated token created it: only that user's calls see it. */
  userId?: string;
  /** As the client wrote it. */
  resource: string;
  /** The mailbox whose events it watches. */
  mailboxId: string;
  changeTypes: ChangeType[];
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  /** Milliseconds since the epoch. */
  expiration: number;
  latestSupportedTlsVersion: string;
  includeResourceData: boolean;
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  notificationQueryOptions: string | null;
  notificationUrlAppId: string | null;
  /** Ids in notifications take the form asked for when the subscription was created (Prefer: IdType). */
  idType: IdType;
  createdAt: number;
  /** When a reauthorizationRequired challenge was sent; cleared by reauthorize or renew. */
  reauthorizationRequiredAt: number | null;
}

export type NewSubscription = Omit<Subscription, 'id' | 'reauthorizationRequiredAt'>;

/** The subscription as Graph returns it. */
export function subscriptionResource(sub: Subscription): Record<string, unknown> {
  return {
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.applicationId,
    changeType: sub.changeTypes.join(','),
    clientState: sub.clientState,
    notificationUrl: sub.notificationUrl,
    notificationQueryOptions: sub.notificationQueryOptions,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: formatGraphTimestamp(sub.expiration),
    creatorId: sub.creatorId,
    includeResourceData: sub.includeResourceData,
    latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
    encryptionCertificate: sub.encryptionCertificate,
    encryptionCertificateId: sub.encryptionCertificateId,
    notificationUrlAppId: sub.notificationUrlAppId,
  };
}

export class SubscriptionStore {
  private readonly subscriptions = new Map<string, Subscription>();
  /**
   * No subscription expires before this: lowered by every expiration set, made exact by each sweep
   * that looks at them all. Every read sweeps first; before this instant none needs to look.
   */
  private earliestExpiration = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  add(fields: NewSubscription): Subscription {
    const sub: Subscription = { ...structuredClone(fields), id: randomUUID(), reauthorizationRequiredAt: null };
    this.subscriptions.set(sub.id, sub);
    this.earliestExpiration = Math.min(this.earliestExpiration, sub.expiration);
    return structuredClone(sub);
  }

  /** A live subscription by id. */
  get(id: string): Subscription | undefined {
    this.sweep();
    const sub = this.subscriptions.get(id.toLowerCase());
    return sub ? structuredClone(sub) : undefined;
  }

  /** Every live subscription, oldest first. */
  all(): Subscription[] {
    this.sweep();
    return [...this.subscriptions.values()].map((s) => structuredClone(s));
  }

  /** Live subscriptions on a mailbox's events. */
  forMailbox(mailboxId: string): Subscription[] {
    this.sweep();
    const id = mailboxId.toLowerCase();
    return [...this.subscriptions.values()].filter((s) => s.mailboxId === id).map((s) => structuredClone(s));
  }

  update(
    id: string,
    change: Partial<Pick<Subscription, 'expiration' | 'notificationUrl' | 'reauthorizationRequiredAt'>>,
  ): Subscription | undefined {
    this.sweep();
    const current = this.subscriptions.get(id.toLowerCase());
    if (!current) return undefined;
    const updated = { ...current, ...change };
    this.subscriptions.set(current.id, updated);
    this.earliestExpiration = Math.min(this.earliestExpiration, updated.expiration);
    return structuredClone(updated);
  }

  delete(id: string): boolean {
    return this.subscriptions.delete(id.toLowerCase());
  }

  /** Removes the subscriptions that have expired; returns them. */
  sweep(): Subscription[] {
    const now = this.now();
    if (now < this.earliestExpiration) return [];
    const expired: Subscription[] = [];
    let earliest = Number.POSITIVE_INFINITY;
    for (const s of this.subscriptions.values()) {
      if (s.expiration <= now) expired.push(s);
      else earliest = Math.min(earliest, s.expiration);
    }
    for (const s of expired) this.subscriptions.delete(s.id);
    this.earliestExpiration = earliest;
    return expired;
  }

  clear(): void {
    this.subscriptions.clear();
    this.earliestExpiration = Number.POSITIVE_INFINITY;
  }

  /** Replaces every subscription with saved ones (the emulator's state file, graph-snapshot.ts). */
  importData(subscriptions: Subscription[]): void {
    this.subscriptions.clear();
    this.earliestExpiration = Number.POSITIVE_INFINITY;
    for (const s of subscriptions) {
      this.subscriptions.set(s.id.toLowerCase(), structuredClone(s));
      this.earliestExpiration = Math.min(this.earliestExpiration, s.expiration);
    }
  }
}
