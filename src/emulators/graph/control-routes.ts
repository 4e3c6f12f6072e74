/**
 * The Graph emulator's control surface under /_emulator/ (faults and health come from the shared
 * emulator app): reset, tenants, a view of every stored event, and writes to a user's calendar
 * without a token, which stand for the user's own edits in Outlook (the dev host and tests use them).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DirectoryTenant } from '../shared/directory';
import { createEvent, deleteEvent, eventIds, getEvent, updateEvent } from './event-handlers';
import { renderEvent } from './event-render';
import type { EventStore } from './event-store';
import type { GraphContext, SyncServices } from './graph-context';
import type { GraphDirectory } from './graph-directory';
import { GraphApiError } from './graph-error';
import { parsePreferences } from './graph-preferences';
import { parseODataQuery } from './odata-query';

export interface ControlRouteDeps {
  directory: GraphDirectory;
  store: EventStore;
  sync: SyncServices;
  reset: () => void;
}

function isDirectoryTenant(body: unknown): body is DirectoryTenant {
  if (typeof body !== 'object' || body === null) return false;
  const t = body as Partial<DirectoryTenant>;
  return (
    typeof t.id === 'string' &&
    typeof t.displayName === 'string' &&
    Array.isArray(t.verifiedDomains) &&
    t.verifiedDomains.every((d) => typeof d === 'string') &&
    Array.isArray(t.users) &&
    t.users.every((u) => typeof u?.id === 'string' && typeof u.userPrincipalName === 'string' && typeof u.displayName === 'string')
  );
}

/** A context that acts for the user with full calendar rights in the user's own tenant. */
function actAsOwner(deps: ControlRouteDeps, req: FastifyRequest, reply: FastifyReply, userKey: string): GraphContext {
  const tenant = deps.directory.tenantOfUser(userKey);
  if (!tenant) throw new GraphApiError(404, 'ErrorInvalidUser', `The requested user '${userKey}' is invalid.`);
  const url = new URL(req.url, 'https://graph.invalid');
  return {
    req,
    reply,
    version: 'v1.0',
    baseUrl: `https://${req.headers.host ?? 'localhost'}`,
    path: url.pathname,
    caller: { kind: 'application', tenantId: tenant.id.toLowerCase(), appId: '', permissions: new Set(['calendars.readwrite']) },
    params: url.searchParams,
    query: parseODataQuery(url.searchParams),
    prefer: parsePreferences(req.headers.prefer),
    directory: deps.directory,
    store: deps.store,
    sync: deps.sync,
  };
}

type UserParams = { user: string };
type EventParams = { user: string; id: string };

export function registerControlRoutes(app: FastifyInstance, deps: ControlRouteDeps): void {
  app.post('/_emulator/reset', async (_req, reply) => {
    deps.reset();
    return reply.code(204).send();
  });

  app.get('/_emulator/tenants', async () => ({ value: deps.directory.allTenants() }));

  app.post('/_emulator/tenants', async (req, reply) => {
    if (!isDirectoryTenant(req.body)) throw new GraphApiError(400, 'BadRequest', 'A DirectoryTenant (id, displayName, verifiedDomains, users) is required.');
    deps.directory.addTenant(req.body);
    return reply.code(201).send({ id: req.body.id });
  });

  app.get('/_emulator/events', async (req) => {
    const userId = (req.query as Record<string, string | undefined>).userId?.toLowerCase();
    const events = deps.store.all().filter((e) => !userId || e.mailboxId === userId);
    return {
      value: events.map((ev) => {
        const owner = deps.directory.tenant(ev.tenantId)?.users.find((u) => u.id.toLowerCase() === ev.mailboxId);
        return {
          userId: ev.mailboxId,
          tenantId: ev.tenantId,
          ...eventIds(ev),
          event: {
            ...renderEvent(ev, {
              idType: 'immutable',
              owner: { displayName: owner?.displayName ?? '', address: owner?.mail ?? owner?.userPrincipalName ?? '' },
            }),
            singleValueExtendedProperties: ev.extendedProperties,
          },
        };
      }),
    };
  });

  app.get('/_emulator/state', async () => {
    const tenants = deps.directory.allTenants();
    const events = deps.store.all();
    return {
      tenants: tenants.map((t) => ({ id: t.id, displayName: t.displayName, users: t.users.length })),
      events: events.length,
      eventsByUser: events.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.mailboxId]: (acc[e.mailboxId] ?? 0) + 1 }), {}),
    };
  });

  app.post<{ Params: UserParams }>('/_emulator/users/:user/events', async (req, reply) =>
    createEvent(actAsOwner(deps, req, reply, req.params.user), { kind: 'key', key: req.params.user }, 'events'),
  );
  app.get<{ Params: EventParams }>('/_emulator/users/:user/events/:id', async (req, reply) =>
    getEvent(actAsOwner(deps, req, reply, req.params.user), { kind: 'key', key: req.params.user }, 'events', req.params.id),
  );
  app.patch<{ Params: EventParams }>('/_emulator/users/:user/events/:id', async (req, reply) =>
    updateEvent(actAsOwner(deps, req, reply, req.params.user), { kind: 'key', key: req.params.user }, 'events', req.params.id),
  );
  app.delete<{ Params: EventParams }>('/_emulator/users/:user/events/:id', async (req, reply) =>
    deleteEvent(actAsOwner(deps, req, reply, req.params.user), { kind: 'key', key: req.params.user }, req.params.id),
  );
}
