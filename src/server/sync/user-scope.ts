/**
 * One job's view of one user: Graph calls for their mailbox with the right token (app-only in admin
 * mode, their delegated token in individual mode), their Webex token fetched once, the event reads
 * the engine makes, and how Webex faults are judged:
 *
 * - retryable (429, 5xx, no answer): thrown, so that pg-boss retries the job with back-off;
 * - the meeting is gone (404): reported, the caller decides (a delete is then done);
 * - refused (other 4xx, e.g. an ended meeting, a start in the past): reported and recorded, never
 *   retried: the same request would be refused again;
 * - the user's Webex authorization is missing or revoked: thrown as WebexAuthorizationError, which
 *   ends the job without retry (nothing can be done until the user links Webex again).
 *
 * Webex is called as the meeting service calls it (meetings/webex-actor.ts): with the user's own
 * token, or, in an admin-mode tenant of a deployment with an organization token, with that token
 * and the user's email as `hostEmail`, which every call then names. Resolving the host may be
 * refused (no email, a domain the tenant has not verified, consent withdrawn): that ends the job
 * too, with its code.
 */
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { GraphCall, GraphCollection } from '../graph';
import { GraphError } from '../graph';
import type { WebexActor } from '../meetings/webex-actor';
import type { EventSyncInputs } from '../store';
import { WebexError } from '../webex';
import { eventReadQuery, observeEvent, type ObservedEvent } from './event-observation';
import type { SyncContext } from './sync-context';

/** A refusal keeps Webex's status, so that a caller can tell a 409 (already done) from other refusals. */
export type WebexResult<T> = { ok: true; value: T } | { ok: false; code: 'webex_not_found' | 'webex_rejected'; status: number };

/** What a Webex call names besides the token: the host, when the organization's token acts for the user. */
export interface WebexHost {
  hostEmail?: string;
}

/** Instances' properties: what reconcileOccurrence compares, no body. */
const INSTANCE_SELECT =
  'subject,start,end,isCancelled,isOrganizer,type,seriesMasterId,originalStart,originalStartTimeZone,changeKey,isAllDay,attendees,organizer';

export class UserScope {
  /** Webex calls that change something, made by this job. */
  webexWrites = 0;
  /** The event's changeKey after our own PATCH of it (a copy's rewrite), to record instead of the one read. */
  changeKeyOverride?: string;
  /** The tenant and Webex grant the job read with the rest of its inputs (store.syncInputs.read), used instead of reading them again. */
  known?: Pick<EventSyncInputs, 'tenant' | 'webexGrant'>;
  private auth?: Promise<AuthenticationProvider | undefined>;
  private actor?: Promise<WebexActor>;

  constructor(
    readonly ctx: SyncContext,
    readonly tenantId: string,
    readonly userId: string,
  ) {}

  get mailboxPath(): string {
    return `/users/${encodeURIComponent(this.userId)}`;
  }

  eventPath(eventId: string): string {
    return `${this.mailboxPath}/events/${encodeURIComponent(eventId)}`;
  }

  /** A Graph call for this user's mailbox, with the user's token in individual mode. */
  async graph<T>(call: GraphCall): Promise<T> {
    this.auth ??= this.ctx.access.authFor(this.tenantId, this.userId, this.known);
    const auth = await this.auth;
    return this.ctx.graph.request<T>(this.tenantId, auth ? { ...call, auth } : call);
  }

  /** The event as Graph shows it now; undefined when Graph says it does not exist (any more). */
  async readEvent(eventId: string): Promise<ObservedEvent | undefined> {
    let raw: unknown;
    const read = (withCancelled: boolean) =>
      this.graph<unknown>({ path: this.eventPath(eventId), query: eventReadQuery(this.ctx.options.addinId, withCancelled) });
    try {
      try {
        raw = await read(this.ctx.features.cancelledOccurrences);
      } catch (thrown) {
        // A Graph that does not know the property refuses the $select (400): ask without it from now on.
        if (!(thrown instanceof GraphError && thrown.code === 'graph_bad_request' && this.ctx.features.cancelledOccurrences)) throw thrown;
        this.ctx.features.cancelledOccurrences = false;
        raw = await read(false);
      }
    } catch (thrown) {
      if (thrown instanceof GraphError && thrown.code === 'graph_not_found') return undefined;
      throw thrown;
    }
    return observeEvent(raw, {
      addinId: this.ctx.options.addinId,
      fingerprint: this.ctx.store.fingerprint,
      joinLinkHosts: this.ctx.options.joinLinkHosts,
    });
  }

  /** The occurrences and exceptions of a series in [from, to), every page. */
  async readInstances(masterEventId: string, from: Date, to: Date): Promise<ObservedEvent[]> {
    const instances: ObservedEvent[] = [];
    let next: string | undefined;
    for (let page = 0; page < 100; page++) {
      const call: GraphCall = next
        ? { path: next }
        : {
            path: `${this.eventPath(masterEventId)}/instances`,
            query: { startDateTime: from.toISOString(), endDateTime: to.toISOString(), $select: INSTANCE_SELECT, $top: 100 },
          };
      let body: GraphCollection<unknown>;
      try {
        body = await this.graph<GraphCollection<unknown>>(call);
      } catch (thrown) {
        if (thrown instanceof GraphError && thrown.code === 'graph_not_found') return instances;
        throw thrown;
      }
      for (const item of body?.value ?? []) {
        instances.push(observeEvent(item, { addinId: this.ctx.options.addinId, fingerprint: this.ctx.store.fingerprint }));
      }
      next = body?.['@odata.nextLink'];
      if (!next) break;
    }
    return instances;
  }

  /** Who acts in Webex for this user, resolved once per job. */
  webexActor(): Promise<WebexActor> {
    this.actor ??= this.ctx.webexActor(this.tenantId, this.userId, this.known ? { known: this.known } : {});
    // A failed resolution is not kept: the next call asks again (of the store: what was read may be why it failed).
    this.actor.catch(() => {
      this.actor = undefined;
      this.known = undefined;
    });
    return this.actor;
  }

  /** A Webex call judged as the class comment says; `host` is to be spread into the call's options, body or query. */
  async webex<T>(write: boolean, call: (token: string, host: WebexHost) => Promise<T>): Promise<WebexResult<T>> {
    const actor = await this.webexActor();
    if (write) this.webexWrites += 1;
    try {
      return { ok: true, value: await call(actor.token, actor.hostEmail ? { hostEmail: actor.hostEmail } : {}) };
    } catch (thrown) {
      // A 401 is about our token, not the meeting: the caller ends the job as for a revoked grant.
      if (thrown instanceof WebexError && !thrown.retryable && thrown.status !== 401) {
        return { ok: false, code: thrown.code === 'webex_not_found' ? 'webex_not_found' : 'webex_rejected', status: thrown.status };
      }
      throw thrown;
    }
  }
}
