/**
 * The identity emulator's control surface under /_emulator/ (local use and tests; health and
 * fault injection come from the shared emulator app):
 *
 *   GET    /_emulator/users                          tenants, users (with passwords) and app ids
 *   PATCH  /_emulator/users/:tenantId/:userId        {isTenantAdmin}: assign or remove the admin role
 *   POST   /_emulator/tenants                        add a DirectoryTenant
 *   GET    /_emulator/apps, POST /_emulator/apps      read / register applications
 *   GET    /_emulator/consents                       admin and user consents
 *   POST   /_emulator/consents                       {tenantId, clientId[, delegated, application]} admin consent,
 *                                                    or {tenantId, clientId, userId, resource, scopes} user consent
 *   DELETE /_emulator/consents/:tenantId/:clientId   revoke (?userId= for one user's only)
 *   POST   /_emulator/revoke                         {tenantId, userId}: revoke refresh tokens and sessions
 *   GET|POST /_emulator/clock                        {offsetSeconds}: shift the emulator's clock
 *   GET    /_emulator/stats                          tokens issued per grant type
 *   POST   /_emulator/reset                          back to the seed
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';
import { normalizeApplication } from './application-registration';
import type { IdentityContext } from './identity-context';
import { canonicalPermission } from './scope-request';

export class ControlRequestError extends Error {
  readonly code = 'invalid_request';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function obj(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlRequestError('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new ControlRequestError(`${key} must be a non-empty string`);
  return v;
}

export function parseTenant(body: unknown): DirectoryTenant {
  const t = obj(body);
  const id = str(t, 'id');
  if (!GUID.test(id)) throw new ControlRequestError('id must be a GUID');
  if (!Array.isArray(t.verifiedDomains) || !t.verifiedDomains.every((d) => typeof d === 'string')) {
    throw new ControlRequestError('verifiedDomains must be an array of strings');
  }
  if (!Array.isArray(t.users)) throw new ControlRequestError('users must be an array');
  const users = t.users.map((raw, i): DirectoryUser => {
    const u = obj(raw);
    for (const k of ['id', 'userPrincipalName', 'displayName', 'password']) {
      if (typeof u[k] !== 'string') throw new ControlRequestError(`users[${i}].${k} must be a string`);
    }
    return {
      givenName: '',
      surname: '',
      mail: null,
      businessPhones: [],
      preferredLanguage: 'en-US',
      isTenantAdmin: false,
      ...(u as Partial<DirectoryUser>),
    } as DirectoryUser;
  });
  return { id: id.toLowerCase(), displayName: str(t, 'displayName'), verifiedDomains: t.verifiedDomains as string[], users };
}

export function registerControlEndpoints(app: FastifyInstance, ctx: IdentityContext): void {
  const { state } = ctx;
  const bad = (reply: FastifyReply, e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (err as Error & { code?: string }).code ?? 'invalid_request';
    return reply.code(400).send({ error: code, message: err.message });
  };

  app.get('/_emulator/users', async () => ({
    tenants: state.tenants().map((t) => ({
      id: t.id,
      displayName: t.displayName,
      verifiedDomains: t.verifiedDomains,
      users: t.users.map((u) => ({
        id: u.id,
        upn: u.userPrincipalName,
        mail: u.mail,
        displayName: u.displayName,
        password: u.password,
        isTenantAdmin: u.isTenantAdmin,
      })),
    })),
    applications: state.applications().map((a) => ({ clientId: a.clientId, displayName: a.displayName })),
  }));

  app.patch('/_emulator/users/:tenantId/:userId', async (req, reply) => {
    try {
      const { tenantId, userId } = req.params as { tenantId: string; userId: string };
      const b = obj(req.body);
      if (typeof b.isTenantAdmin !== 'boolean') throw new ControlRequestError('isTenantAdmin must be a boolean');
      const user = state.setTenantAdmin(tenantId, userId, b.isTenantAdmin);
      if (!user) return reply.code(404).send({ error: 'not_found', message: `no user ${userId} in tenant ${tenantId}` });
      return { id: user.id, isTenantAdmin: user.isTenantAdmin };
    } catch (e) {
      return bad(reply, e);
    }
  });

  app.post('/_emulator/tenants', async (req, reply) => {
    try {
      const tenant = parseTenant(req.body);
      state.addTenant(tenant);
      return reply.code(201).send({ id: tenant.id, displayName: tenant.displayName, users: tenant.users.length });
    } catch (e) {
      return bad(reply, e);
    }
  });

  app.get('/_emulator/apps', async () => ({ applications: state.applications() }));
  app.post('/_emulator/apps', async (req, reply) => {
    try {
      const registration = normalizeApplication(req.body);
      state.addApplication(registration);
      return reply.code(201).send(registration);
    } catch (e) {
      return bad(reply, e);
    }
  });

  app.get('/_emulator/consents', async () => state.consents());
  app.post('/_emulator/consents', async (req, reply) => {
    try {
      const b = obj(req.body);
      const tenantId = str(b, 'tenantId');
      const clientId = str(b, 'clientId');
      if (!state.tenant(tenantId)) throw new ControlRequestError(`no tenant ${tenantId}`);
      if (!state.application(clientId)) throw new ControlRequestError(`no application ${clientId}`);
      if (b.userId !== undefined) {
        const userId = str(b, 'userId');
        if (!state.user(tenantId, userId)) throw new ControlRequestError(`no user ${userId} in tenant ${tenantId}`);
        const resource = state.resolveResource(str(b, 'resource'));
        if (!resource) throw new ControlRequestError(`no resource ${String(b.resource)}`);
        const scopes = Array.isArray(b.scopes) ? b.scopes.filter((s): s is string => typeof s === 'string') : [];
        const names = scopes.map((s) => canonicalPermission(resource, s, 'delegated'));
        if (names.some((n) => !n)) throw new ControlRequestError('scopes holds a permission the resource does not expose');
        return reply.code(201).send(state.grantUserConsent(tenantId, userId, clientId, resource.appId, names as string[]));
      }
      const byResource = (v: unknown, type: 'delegated' | 'application'): Record<string, string[]> | undefined => {
        if (v === undefined) return undefined;
        const out: Record<string, string[]> = {};
        for (const [id, list] of Object.entries(obj(v))) {
          const resource = state.resolveResource(id);
          if (!resource) throw new ControlRequestError(`no resource ${id}`);
          if (!Array.isArray(list)) throw new ControlRequestError(`${type}.${id} must be an array`);
          out[resource.appId] = list.map((p) => {
            const name = typeof p === 'string' ? canonicalPermission(resource, p, type) : undefined;
            if (!name) throw new ControlRequestError(`${String(p)} is not a ${type} permission of ${id}`);
            return name;
          });
        }
        return out;
      };
      const consent = state.grantAdminConsent(tenantId, clientId, {
        delegated: byResource(b.delegated, 'delegated'),
        application: byResource(b.application, 'application'),
      });
      return reply.code(201).send(consent);
    } catch (e) {
      return bad(reply, e);
    }
  });
  app.delete('/_emulator/consents/:tenantId/:clientId', async (req, reply) => {
    const { tenantId, clientId } = req.params as { tenantId: string; clientId: string };
    const { userId } = req.query as { userId?: string };
    const removed = state.revokeConsents(tenantId, clientId, userId);
    return removed ? reply.code(204).send() : reply.code(404).send({ error: 'not_found', message: 'no such consent' });
  });

  app.post('/_emulator/revoke', async (req, reply) => {
    try {
      const b = obj(req.body);
      const tenantId = str(b, 'tenantId');
      const userId = str(b, 'userId');
      if (!state.user(tenantId, userId))
        return reply.code(404).send({ error: 'not_found', message: `no user ${userId} in tenant ${tenantId}` });
      state.revokeUser(tenantId, userId);
      return reply.code(204).send();
    } catch (e) {
      return bad(reply, e);
    }
  });

  const clock = () => ({ offsetSeconds: state.clockOffsetSeconds, now: new Date(state.now() * 1000).toISOString() });
  app.get('/_emulator/clock', async () => clock());
  app.post('/_emulator/clock', async (req, reply) => {
    try {
      const b = obj(req.body);
      if (typeof b.offsetSeconds !== 'number' || !Number.isFinite(b.offsetSeconds))
        throw new ControlRequestError('offsetSeconds must be a number');
      state.clockOffsetSeconds = Math.trunc(b.offsetSeconds);
      return clock();
    } catch (e) {
      return bad(reply, e);
    }
  });

  app.get('/_emulator/stats', async () => ({ tokens: { ...state.tokenCounters } }));

  app.post('/_emulator/reset', async (_req, reply) => {
    state.reset();
    return reply.code(204).send();
  });
}
