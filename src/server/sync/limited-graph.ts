/**
 * GraphClient.request behind the per-mailbox limiter, with counters: every Graph call the sync
 * engine makes for a mailbox goes through here, keyed by the mailbox named in its path
 * (`/users/{id}/...`, or an @odata.nextLink/deltaLink naming it). Calls that name no mailbox
 * (`/subscriptions`) are counted but not limited: they fall under other limits.
 */
import type { GraphCall } from '../graph';
import { GraphError } from '../graph';
import type { MailboxLimiter } from './mailbox-limiter';
import type { SyncMetrics } from './sync-metrics';

/** What the sync engine needs of GraphClient. */
export interface GraphRequester {
  request<T = unknown>(tenantId: string, call: GraphCall): Promise<T>;
}

/** The mailbox (user id or UPN, lower case) a Graph path names, if any. */
export function mailboxOfPath(path: string): string | undefined {
  const m = /\/users(?:\('([^']+)'\)|\/([^/?(]+))/i.exec(path);
  const raw = m?.[1] ?? m?.[2];
  if (raw === undefined) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    id = raw;
  }
  return id.toLowerCase();
}

/** What a GET reads, for the graph_reads counter. */
export function readKindOf(path: string): string {
  const p = path.split('?')[0] ?? '';
  if (/\/calendarView\/delta/i.test(p) || /\$deltatoken|\$skiptoken/i.test(path)) return 'delta';
  if (/\/instances$/i.test(p)) return 'instances';
  if (/\/calendarView$/i.test(p)) return 'calendar_view';
  if (/\/events\/[^/]+$/i.test(p)) return 'event';
  if (/\/events$/i.test(p)) return 'events';
  if (/\/subscriptions/i.test(p)) return 'subscriptions';
  return 'other';
}

export interface LimitedGraphDeps {
  graph: GraphRequester;
  limiter: MailboxLimiter;
  metrics: SyncMetrics;
}

export function createLimitedGraph({ graph, limiter, metrics }: LimitedGraphDeps): GraphRequester {
  return {
    async request<T>(tenantId: string, call: GraphCall): Promise<T> {
      const method = call.method ?? 'GET';
      const mailbox = mailboxOfPath(call.path);
      const send = async (): Promise<T> => {
        metrics.inc('graph_requests', { method });
        if (method === 'GET') metrics.inc('graph_reads', { kind: readKindOf(call.path) });
        try {
          return await graph.request<T>(tenantId, call);
        } catch (thrown) {
          if (thrown instanceof GraphError && thrown.status === 429) {
            metrics.inc('graph_throttled');
            if (mailbox) limiter.pause(mailbox, thrown.retryAfterMs ?? 1_000);
          }
          throw thrown;
        }
      };
      return mailbox ? limiter.run(mailbox, send) : send();
    },
  };
}
