/**
 * The Webex emulator's control surface under /_emulator/ (faults and health come from
 * createEmulatorApp): reset, meetings with their call logs, people, integrations, tokens,
 * revocation and the clock. Answers `{error}` with 400 for a bad request, like the shared routes.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DirectoryTenant } from '../shared/directory';
import { KNOWN_SCOPES, WebexIntegrationSeed } from './token-store';
import { personJson } from './people-routes';
import type { WebexPersonSeed } from './webex-directory';
import type { WebexState } from './webex-state';

type Json = Record<string, unknown>;

function obj(body: unknown): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('the body must be a JSON object');
  return body as Json;
}

function fail(reply: FastifyReply, e: unknown, status = 400) {
  return reply.code(status).send({ error: e instanceof Error ? e.message : String(e) });
}

export function registerControlRoutes(app: FastifyInstance, state: WebexState, onReset: () => void): void {
  app.post('/_emulator/reset', async (_req, reply) => {
    state.reset();
    onReset();
    return reply.code(204).send();
  });

  app.get<{ Querystring: { hostEmail?: string; includeDeleted?: string } }>('/_emulator/meetings', async (req) => ({
    items: state.snapshot({ hostEmail: req.query.hostEmail, includeDeleted: req.query.includeDeleted !== 'false' }),
  }));

  app.get<{ Params: { id: string } }>('/_emulator/meetings/:id', async (req, reply) => {
    const seriesId = req.params.id.split('_')[0] ?? '';
    const found = state.snapshot().find((m) => m.id === seriesId);
    if (!found) return reply.code(404).send({ error: `no meeting ${req.params.id}` });
    return found;
  });

  app.get('/_emulator/people', async () => ({
    items: [...state.directory.people.values()].map((p) => ({ ...personJson(p), isAdmin: p.isAdmin })),
  }));

  app.post('/_emulator/people', async (req, reply) => {
    try {
      const b = obj(req.body);
      if (b.tenant !== undefined) {
        const people = state.directory.addTenant(b.tenant as DirectoryTenant);
        return reply.code(201).send({ items: people.map(personJson) });
      }
      if (typeof b.email !== 'string') throw new Error('email is required (or tenant, a DirectoryTenant)');
      const person = state.directory.addPerson(b as unknown as WebexPersonSeed);
      return reply.code(201).send(personJson(person));
    } catch (e) {
      return fail(reply, e);
    }
  });

  // A person who hosts on one more site (Get Site List then offers a choice): { email, siteUrl }.
  app.post('/_emulator/people/sites', async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.email !== 'string' || typeof b.siteUrl !== 'string' || !/^[a-z0-9.-]+$/i.test(b.siteUrl)) {
      return reply.code(400).send({ message: 'email and siteUrl are required' });
    }
    if (!state.directory.addSite(b.email, b.siteUrl)) return reply.code(404).send({ message: 'no such person' });
    return reply.code(201).send({ email: b.email.toLowerCase(), siteUrl: b.siteUrl.toLowerCase() });
  });

  app.get('/_emulator/integrations', async () => ({
    items: [...state.tokens.integrations.values()].map(({ clientSecret: _secret, ...rest }) => rest),
  }));

  app.post('/_emulator/integrations', async (req, reply) => {
    try {
      const b = obj(req.body);
      const integration = state.tokens.addIntegration(b as unknown as WebexIntegrationSeed);
      const { clientSecret: _secret, ...rest } = integration;
      return reply.code(201).send(rest);
    } catch (e) {
      return fail(reply, e);
    }
  });

  app.post('/_emulator/revoke', async (req, reply) => {
    try {
      const b = obj(req.body);
      if (typeof b.token === 'string') return { revoked: state.tokens.revokeToken(b.token) ? 1 : 0 };
      if (typeof b.email !== 'string') throw new Error('email (or token) is required');
      return { revoked: state.tokens.revokePerson(b.email, typeof b.clientId === 'string' ? b.clientId : undefined) };
    } catch (e) {
      return fail(reply, e);
    }
  });

  app.post('/_emulator/service-tokens', async (req, reply) => {
    try {
      const b = obj(req.body);
      if (typeof b.orgId !== 'string') throw new Error('orgId (Webex org id or tenant id) is required');
      const org = state.directory.findOrg(b.orgId);
      if (!org) return fail(reply, new Error(`no org ${b.orgId}`), 404);
      const expiresIn = typeof b.expiresIn === 'number' ? b.expiresIn : undefined;
      return reply
        .code(201)
        .send(
          state.tokens.issueServiceToken(org, { token: typeof b.token === 'string' ? b.token : undefined, expiresInSeconds: expiresIn }),
        );
    } catch (e) {
      return fail(reply, e);
    }
  });

  app.post('/_emulator/tokens', async (req, reply) => {
    try {
      const b = obj(req.body);
      if (typeof b.email !== 'string') throw new Error('email is required');
      const person = state.directory.findPerson(b.email);
      if (!person) return fail(reply, new Error(`no person ${b.email}`), 404);
      const scopes = Array.isArray(b.scopes)
        ? b.scopes.filter((s): s is string => typeof s === 'string')
        : ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'];
      const unknown = scopes.filter((s) => !(KNOWN_SCOPES as readonly string[]).includes(s));
      if (unknown.length) throw new Error(`unknown scopes: ${unknown.join(' ')}`);
      const clientId = typeof b.clientId === 'string' ? b.clientId : 'emulator-control';
      return reply.code(201).send(state.tokens.issueUserToken(person, scopes, clientId));
    } catch (e) {
      return fail(reply, e);
    }
  });

  const clockJson = () => ({ now: new Date(state.clock.now()).toISOString(), offsetSeconds: state.clock.offsetSeconds });
  app.get('/_emulator/clock', async () => clockJson());
  app.post('/_emulator/clock', async (req, reply) => {
    try {
      const b = obj(req.body);
      if (typeof b.offsetSeconds === 'number' && Number.isFinite(b.offsetSeconds)) state.clock.setOffset(b.offsetSeconds);
      else if (typeof b.advanceSeconds === 'number' && Number.isFinite(b.advanceSeconds)) state.clock.advance(b.advanceSeconds);
      else throw new Error('offsetSeconds or advanceSeconds (a number) is required');
      return clockJson();
    } catch (e) {
      return fail(reply, e);
    }
  });
}
