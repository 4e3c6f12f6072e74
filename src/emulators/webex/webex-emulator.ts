/**
 * The Webex emulator (port 4002 in the local stack: https://localhost:4002/v1/...): meetings with
 * series and occurrences, OAuth for integrations, people, organization service tokens, Webex's
 * error bodies and tracking ids, and the /_emulator/ control surface. State is in memory
 * (WebexState) and resettable. Meeting invitees (/meetingInvitees) are kept per series and per
 * scheduled meeting.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createEmulatorApp, TlsOptions } from '../shared/emulator-app';
import type { DirectoryTenant } from '../shared/directory';
import { defaultMessage, trackingIdOf, WebexError, webexErrorBody } from './webex-error';
import { registerInviteeRoutes } from './invitees-routes';
import { registerMeetingRoutes } from './meetings-routes';
import { registerOAuthRoutes } from './oauth-routes';
import { registerPeopleRoutes } from './people-routes';
import { registerPreferencesRoutes } from './preferences-routes';
import { registerControlRoutes } from './control-routes';
import { MeetingSnapshot, WebexState, WebexStateOptions } from './webex-state';
import type { WebexPerson, WebexPersonSeed } from './webex-directory';
import type { TokenResponse, WebexIntegration, WebexIntegrationSeed } from './token-store';

export interface WebexEmulatorOptions extends WebexStateOptions {
  tls?: TlsOptions;
  logger?: boolean;
}

export interface WebexEmulator {
  app: FastifyInstance;
  state: WebexState;
  /** Default port 0, host 127.0.0.1; resolves to 'https://localhost:<port>' (http:// without TLS). */
  listen(port?: number, host?: string): Promise<string>;
  /** After listen. */
  url: string;
  close(): Promise<void>;
  reset(): void;
  addTenant(tenant: DirectoryTenant): WebexPerson[];
  addPerson(seed: WebexPersonSeed): WebexPerson;
  addIntegration(seed: WebexIntegrationSeed): WebexIntegration;
  /** An org token with meeting:admin_schedule_read/write; `orgId` is the Webex org id or the tenant id. */
  issueServiceToken(orgId: string, token?: string): TokenResponse & { orgId: string };
  /** A person's token without the browser round trip. */
  issueUserToken(email: string, scopes?: string[], clientId?: string): TokenResponse;
  /** Revokes a person's grants; returns how many. */
  revoke(email: string): number;
  setClockOffset(seconds: number): void;
  meetings(filter?: { hostEmail?: string; includeDeleted?: boolean }): MeetingSnapshot[];
}

const JSON_TYPES = ['application/json', 'application/json-patch+json', 'application/merge-patch+json'];

export function createWebexEmulator(options: WebexEmulatorOptions = {}): WebexEmulator {
  const state = new WebexState(options);
  const emulatorApp = createEmulatorApp({
    name: 'webex',
    tls: options.tls,
    logger: options.logger,
    errorBody: (status, req, message) => webexErrorBody(message ?? defaultMessage(status), trackingIdOf(req)),
  });
  const { app } = emulatorApp;

  // Patch a Meeting is documented with application/json-patch+json but takes a plain object (clients
  // send application/json); an empty body (a DELETE from some clients) is no body, not an error.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new WebexError(400, 'request.json.invalid', 'The request body is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/_emulator/')) reply.header('trackingid', trackingIdOf(req));
    return payload;
  });

  app.setErrorHandler((error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const err = error instanceof Error ? error : new Error(String(error));
    if (req.url.startsWith('/_emulator/')) return reply.code(400).send({ error: err.message });
    if (err instanceof WebexError) {
      if (err.retryAfter !== undefined) reply.header('Retry-After', String(err.retryAfter));
      return reply.code(err.status).send(webexErrorBody(err.message, trackingIdOf(req), err.code));
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send(webexErrorBody(defaultMessage(status), trackingIdOf(req), 'request.invalid'));
    }
    req.log.error(err);
    return reply.code(500).send(webexErrorBody(defaultMessage(500), trackingIdOf(req), 'internal'));
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send(webexErrorBody(defaultMessage(404), trackingIdOf(req), 'route.notFound')));

  registerMeetingRoutes(app, state);
  registerInviteeRoutes(app, state);
  registerOAuthRoutes(app, state);
  registerPeopleRoutes(app, state);
  registerPreferencesRoutes(app, state);
  const clearFaults = () => {
    emulatorApp.faults.length = 0;
    emulatorApp.counters.injected = 0;
    emulatorApp.counters.delayed = 0;
  };
  registerControlRoutes(app, state, clearFaults);

  const emulator: WebexEmulator = {
    app,
    state,
    url: '',
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      emulator.url = `${options.tls ? 'https' : 'http'}://localhost:${actual}`;
      return emulator.url;
    },
    close: () => app.close(),
    reset: () => {
      state.reset();
      clearFaults();
    },
    addTenant: (tenant) => state.directory.addTenant(tenant),
    addPerson: (seed) => state.directory.addPerson(seed),
    addIntegration: (seed) => state.tokens.addIntegration(seed),
    issueServiceToken: (orgId, token) => {
      const org = state.directory.findOrg(orgId);
      if (!org) throw new Error(`no Webex org ${orgId}`);
      return state.tokens.issueServiceToken(org, { token });
    },
    issueUserToken: (
      email,
      scopes = ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'],
      clientId = 'emulator-control',
    ) => {
      const person = state.directory.findPerson(email);
      if (!person) throw new Error(`no Webex person ${email}`);
      return state.tokens.issueUserToken(person, scopes, clientId);
    },
    revoke: (email) => state.tokens.revokePerson(email),
    setClockOffset: (seconds) => state.clock.setOffset(seconds),
    meetings: (filter) => state.snapshot(filter),
  };
  return emulator;
}
