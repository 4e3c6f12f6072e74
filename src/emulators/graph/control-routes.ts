/**
 * The Graph emulator's control surface under /_emulator/ (faults and health come from the shared
 * emulator app): reset, tenants, a view of every stored event, writes to a user's calendar
 * without a token, which stand for the user's own edits in Outlook (the dev host and tests use them),
 * and who may open a user's calendar (what the owner sets in Outlook's delegate and sharing
 * settings): GET, POST {delegate, role} and DELETE /_emulator/users/{owner}/calendarPermissions[/{delegate}].
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CALENDAR_ROLES, type CalendarRole, type DirectoryTenant } from '../shared/directory';
import { createEvent, deleteEvent, eventIds, getEvent, updateEvent } from './event-handlers';
import { renderEvent } from './event-render';
import type { EventStore } from './event-store';
import type { GraphCaller } from './access-token';
import { graphContext, type GraphContext, type SyncServices } from './graph-context';
import type { GraphDirectory } from './graph-directory';
import { GraphApiError } from './graph-error';

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
  const caller: GraphCaller = {
    kind: 'application',
    tenantId: tenant.id.toLowerCase(),
    appId: '',
    permissions: new Set(['calendars.readwrite']),
  };
  return graphContext(deps, req, reply, 'v1.0', url, caller);
}

type UserParams = { user: string };
type DelegateParams = { user: string; delegate: string };
type EventParams = { user: string; id: string };

export function registerControlRoutes(app: FastifyInstance, deps: ControlRouteDeps): void {
  app.post('/_emulator/reset', async (_req, reply) => {
    deps.reset();
    return reply.code(204).send();
  });

  app.get('/_emulator/tenants', async () => ({ value: deps.directory.allTenants() }));

  app.post('/_emulator/tenants', async (req, reply) => {
    if (!isDirectoryTenant(req.body))
      throw new GraphApiError(400, 'BadRequest', 'A DirectoryTenant (id, displayName, verifiedDomains, users) is required.');
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

  /** The owner a control route names, in its tenant; 404 when nobody has that id or name. */
  const ownerOf = (key: string) => {
    const tenant = deps.directory.tenantOfUser(key);
    const owner = tenant && deps.directory.findUser(tenant.id, key);
    if (!tenant || !owner) throw new GraphApiError(404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`);
    return { tenantId: tenant.id, owner };
  };

  app.get<{ Params: UserParams }>('/_emulator/users/:user/calendarPermissions', async (req) => {
    const { tenantId, owner } = ownerOf(req.params.user);
    return { value: deps.directory.calendarDelegates(tenantId, owner.id).map((d) => ({ delegate: d.userId, role: d.role })) };
  });

  app.post<{ Params: UserParams }>('/_emulator/users/:user/calendarPermissions', async (req, reply) => {
    const { tenantId, owner } = ownerOf(req.params.user);
    const body = (req.body ?? {}) as { delegate?: unknown; role?: unknown };
    if (typeof body.role !== 'string' || !(CALENDAR_ROLES as readonly string[]).includes(body.role)) {
      throw new GraphApiError(400, 'BadRequest', `role must be one of ${CALENDAR_ROLES.join(', ')}.`);
    }
    const delegate = typeof body.delegate === 'string' ? deps.directory.findUser(tenantId, body.delegate) : undefined;
    if (!delegate) throw new GraphApiError(404, 'ErrorInvalidUser', 'The delegate must be a user of the owner’s organization.');
    if (delegate.id.toLowerCase() === owner.id.toLowerCase())
      throw new GraphApiError(400, 'BadRequest', 'The owner cannot be their own delegate.');
    deps.directory.setCalendarDelegate(tenantId, owner.id, delegate.id, body.role as CalendarRole);
    return reply.code(201).send({ owner: owner.id, delegate: delegate.id.toLowerCase(), role: body.role });
  });

  app.delete<{ Params: DelegateParams }>('/_emulator/users/:user/calendarPermissions/:delegate', async (req, reply) => {
    const { tenantId, owner } = ownerOf(req.params.user);
    const delegate = deps.directory.findUser(tenantId, req.params.delegate);
    if (!delegate || !deps.directory.removeCalendarDelegate(tenantId, owner.id, delegate.id)) {
      throw new GraphApiError(404, 'ErrorItemNotFound', 'The user is not a delegate of this calendar.');
    }
    return reply.code(204).send();
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
