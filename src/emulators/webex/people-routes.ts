/**
 * /v1/people/me, /v1/people?email= and /v1/people/{personId}: the Webex person as the People API
 * returns it. People outside the caller's org are not visible.
 */
import type { FastifyInstance } from 'fastify';
import { WebexError } from './webex-error';
import { authenticate, Caller, requireScope } from './request-auth';
import { sitesOf, type WebexPerson } from './webex-directory';
import type { WebexState } from './webex-state';

const PEOPLE_SCOPES = ['spark:people_read', 'spark:all', 'spark-admin:people_read'];

export function personJson(p: WebexPerson): Record<string, unknown> {
  return {
    id: p.id,
    emails: [p.email],
    phoneNumbers: [],
    displayName: p.displayName,
    nickName: p.firstName,
    firstName: p.firstName,
    lastName: p.lastName,
    orgId: p.orgId,
    created: p.created,
    lastModified: p.created,
    timezone: p.timezone,
    status: 'unknown',
    type: 'person',
    siteUrls: sitesOf(p).map((site) => `${site}#host`),
  };
}

function serviceAppJson(caller: Caller): Record<string, unknown> {
  return {
    id: Buffer.from(`ciscospark://us/APPLICATION/${caller.clientId}`).toString('base64url'),
    emails: [],
    displayName: 'Service app',
    orgId: caller.org.id,
    type: 'appuser',
  };
}

export function registerPeopleRoutes(app: FastifyInstance, state: WebexState): void {
  app.get('/v1/people/me', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, PEOPLE_SCOPES);
    return reply.send(caller.person ? personJson(caller.person) : serviceAppJson(caller));
  });

  app.get<{ Querystring: { email?: string } }>('/v1/people', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, PEOPLE_SCOPES);
    const email = req.query.email;
    if (!email) throw new WebexError(400, 'people.query.required', 'email, displayName or id is required.');
    const p = state.directory.findPerson(email);
    return reply.send({ items: p && p.orgId === caller.org.id ? [personJson(p)] : [] });
  });

  app.get<{ Params: { personId: string } }>('/v1/people/:personId', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, PEOPLE_SCOPES);
    const p = state.directory.findPersonById(req.params.personId);
    if (!p || p.orgId !== caller.org.id) throw new WebexError(404, 'people.notFound', 'The requested person could not be found.');
    return reply.send(personJson(p));
  });
}
