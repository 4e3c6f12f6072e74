/**
 * /subscriptions as Graph answers it for Outlook events
 * (https://learn.microsoft.com/graph/api/resources/subscription): create (after the validation
 * handshake with both notification URLs), list and get (the calling app's own, and for a delegated
 * caller only the signed-in user's), renew with PATCH, delete, and reauthorize.
 *
 * App-only tokens may subscribe to `users/{id}/events` of their tenant; delegated tokens to
 * `me/events` (or their own `users/{id}/events`), never to a calendar someone shared or delegated. Reading the resource needs a calendar read
 * permission, as creating the subscription does in Graph.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { resolveMailbox } from './event-handlers';
import { contextUrl, GraphContext, sendGraphJson } from './graph-context';
import { GraphApiError } from './graph-error';
import { PERMISSIONS, requirePermission } from './graph-permissions';
import { resolveGraphRoute } from './graph-route';
import { checkNotificationUrl } from './endpoint-validation';
import { CHANGE_TYPES, ChangeType, Subscription, subscriptionResource } from './subscription-store';

const CREATE_PROPERTIES = [
  'changeType',
  'notificationUrl',
  'lifecycleNotificationUrl',
  'resource',
  'expirationDateTime',
  'clientState',
  'latestSupportedTlsVersion',
  'includeResourceData',
  'encryptionCertificate',
  'encryptionCertificateId',
  'notificationQueryOptions',
  'notificationUrlAppId',
  'id',
  'applicationId',
  'creatorId',
];
const UPDATE_PROPERTIES = ['expirationDateTime', 'notificationUrl'];
const TLS_VERSIONS = ['v1_0', 'v1_1', 'v1_2', 'v1_3'];
const MAX_CLIENT_STATE = 128;

function invalidRequest(message: string): GraphApiError {
  return new GraphApiError(400, 'InvalidRequest', message);
}

function notFound(): GraphApiError {
  return new GraphApiError(404, 'ResourceNotFound', 'The object was not found.');
}

function readBody(body: unknown, allowed: readonly string[], operation: 'creation' | 'update'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GraphApiError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const o = body as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key.startsWith('@odata.')) continue;
    if (!allowed.includes(key)) {
      throw invalidRequest(`Could not process subscription ${operation} payload. Are all property names spelled and camelCased properly?`);
    }
  }
  return o;
}

function optionalString(o: Record<string, unknown>, name: string): string | null {
  const v = o[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidRequest(`Could not process subscription creation payload. '${name}' must be a string.`);
  return v;
}

/** The expiration a client asks for, checked against now and the resource's maximum lifetime. */
function readExpiration(ctx: GraphContext, value: unknown, operation: 'creation' | 'update'): number {
  if (value === undefined || value === null)
    throw invalidRequest(`expirationDateTime is a required property for subscription ${operation}.`);
  const at = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at))
    throw invalidRequest(`Could not process subscription ${operation} payload. expirationDateTime is not a valid DateTimeOffset.`);
  const now = ctx.sync.clock.now();
  const max = ctx.sync.maxSubscriptionMinutes;
  if (at <= now) throw new GraphApiError(400, 'ExtensionError', 'Subscription expiration must be in the future.');
  if (at > now + max * 60_000)
    throw new GraphApiError(400, 'ExtensionError', `Subscription expiration can only be ${max} minutes in the future.`);
  return at;
}

function readChangeTypes(value: unknown): ChangeType[] {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidRequest('changeType is a required property for subscription creation.');
  const types = value.split(',').map((t) => t.trim());
  const out: ChangeType[] = [];
  for (const t of types) {
    const known = CHANGE_TYPES.find((c) => c === t.toLowerCase());
    if (!known) throw invalidRequest(`'${t}' is not a valid changeType. Supported values are created, updated and deleted.`);
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

/** The service principal's object id stands in when an app-only token carries no oid. */
function servicePrincipalId(tenantId: string, appId: string): string {
  const h = createHash('sha1').update(`sp:${tenantId}:${appId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Whether the caller may see and manage a subscription: same app and tenant, and same user when delegated. */
function owns(ctx: GraphContext, sub: Subscription): boolean {
  if (sub.tenantId !== ctx.caller.tenantId || sub.applicationId !== ctx.caller.appId) return false;
  return ctx.caller.kind === 'application' || sub.userId === ctx.caller.userId;
}

function ownSubscription(ctx: GraphContext, id: string): Subscription {
  const sub = ctx.sync.subscriptions.get(id);
  if (!sub || !owns(ctx, sub)) throw notFound();
  return sub;
}

function entity(ctx: GraphContext, sub: Subscription): Record<string, unknown> {
  return { '@odata.context': contextUrl(ctx, 'subscriptions/$entity'), ...subscriptionResource(sub) };
}

export async function createSubscription(ctx: GraphContext): Promise<FastifyReply> {
  const body = readBody(ctx.req.body, CREATE_PROPERTIES, 'creation');
  const changeTypes = readChangeTypes(body.changeType);
  // Kept as written: Graph echoes the URLs back and posts to them unchanged, query string included.
  const notificationUrl = checkNotificationUrl(body.notificationUrl, 'notificationUrl') && (body.notificationUrl as string);
  const lifecycle = body.lifecycleNotificationUrl ?? null;
  const lifecycleNotificationUrl =
    lifecycle === null ? null : checkNotificationUrl(lifecycle, 'lifecycleNotificationUrl') && (lifecycle as string);
  if (typeof body.resource !== 'string' || body.resource.trim() === '')
    throw invalidRequest('resource is a required property for subscription creation.');
  const resource = body.resource;
  const expiration = readExpiration(ctx, body.expirationDateTime, 'creation');
  const clientState = optionalString(body, 'clientState');
  if (clientState !== null && clientState.length > MAX_CLIENT_STATE)
    throw invalidRequest(`clientState must not be longer than ${MAX_CLIENT_STATE} characters.`);
  const tls = optionalString(body, 'latestSupportedTlsVersion') ?? 'v1_2';
  if (!TLS_VERSIONS.includes(tls)) throw invalidRequest(`'${tls}' is not a valid latestSupportedTlsVersion.`);
  const includeResourceData = body.includeResourceData === true;
  const encryptionCertificate = optionalString(body, 'encryptionCertificate');
  if (includeResourceData && !encryptionCertificate)
    throw invalidRequest('A subscription that includes resource data needs encryptionCertificate.');

  let route;
  try {
    route = resolveGraphRoute(resource.replace(/^\/+/, ''));
  } catch {
    route = undefined;
  }
  if (!route || route.resource !== 'events') {
    throw new GraphApiError(
      400,
      'ExtensionError',
      `Operation: Create; Exception: [Status Code: BadRequest; Reason: The resource '${resource}' is not supported.]`,
    );
  }
  const { user } = resolveMailbox(ctx, route.user, PERMISSIONS.readEvents);
  const mailboxId = user.id.toLowerCase();
  // The sharing permissions (Calendars.Read.Shared, Calendars.ReadWrite.Shared) read a delegated
  // calendar but do not support change notifications on it: only the owner's own authorization, or
  // an application permission, subscribes to their events.
  if (ctx.caller.kind === 'delegated' && mailboxId !== ctx.caller.userId) {
    throw new GraphApiError(
      403,
      'ExtensionError',
      'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied. Check credentials and try again.]',
    );
  }
  if (ctx.sync.subscriptions.forMailbox(mailboxId).length >= ctx.sync.maxSubscriptionsPerMailbox) {
    throw new GraphApiError(
      403,
      'ExtensionError',
      'Operation: Create; Exception: [Status Code: Forbidden; Reason: The mailbox has reached its limit of subscriptions.]',
    );
  }

  // Both endpoints are validated before anything is stored, as Graph does.
  await ctx.sync.validateEndpoint(notificationUrl);
  if (lifecycleNotificationUrl) await ctx.sync.validateEndpoint(lifecycleNotificationUrl);

  const caller = ctx.caller;
  const sub = ctx.sync.subscriptions.add({
    tenantId: caller.tenantId,
    applicationId: caller.appId,
    creatorId: caller.kind === 'delegated' ? caller.userId! : (caller.objectId ?? servicePrincipalId(caller.tenantId, caller.appId)),
    ...(caller.kind === 'delegated' ? { userId: caller.userId } : {}),
    resource,
    mailboxId,
    changeTypes,
    clientState,
    notificationUrl,
    lifecycleNotificationUrl,
    expiration,
    latestSupportedTlsVersion: tls,
    includeResourceData,
    encryptionCertificate,
    encryptionCertificateId: optionalString(body, 'encryptionCertificateId'),
    notificationQueryOptions: optionalString(body, 'notificationQueryOptions'),
    notificationUrlAppId: optionalString(body, 'notificationUrlAppId'),
    idType: ctx.prefer.idType,
    createdAt: ctx.sync.clock.now(),
  });
  return sendGraphJson(ctx, 201, entity(ctx, sub));
}

export function listSubscriptions(ctx: GraphContext): FastifyReply {
  const value = ctx.sync.subscriptions
    .all()
    .filter((s) => owns(ctx, s))
    // Graph's "List subscriptions" page: the clientState value is not returned, for security.
    .map((s) => ({ ...subscriptionResource(s), clientState: null }));
  return sendGraphJson(ctx, 200, { '@odata.context': contextUrl(ctx, 'subscriptions'), value });
}

export function getSubscription(ctx: GraphContext, id: string): FastifyReply {
  return sendGraphJson(ctx, 200, entity(ctx, ownSubscription(ctx, id)));
}

/** Renewal: a new expirationDateTime (and optionally a new notificationUrl, validated again). Renewing also reauthorizes. */
export async function updateSubscription(ctx: GraphContext, id: string): Promise<FastifyReply> {
  const sub = ownSubscription(ctx, id);
  const body = readBody(ctx.req.body, UPDATE_PROPERTIES, 'update');
  requirePermission(ctx.caller, PERMISSIONS.readEvents);
  const expiration = body.expirationDateTime === undefined ? sub.expiration : readExpiration(ctx, body.expirationDateTime, 'update');
  let notificationUrl = sub.notificationUrl;
  if (body.notificationUrl !== undefined) {
    checkNotificationUrl(body.notificationUrl, 'notificationUrl');
    notificationUrl = body.notificationUrl as string;
    if (notificationUrl !== sub.notificationUrl) await ctx.sync.validateEndpoint(notificationUrl);
  }
  const updated = ctx.sync.subscriptions.update(sub.id, { expiration, notificationUrl, reauthorizationRequiredAt: null });
  if (!updated) throw notFound();
  return sendGraphJson(ctx, 200, entity(ctx, updated));
}

export function deleteSubscription(ctx: GraphContext, id: string): FastifyReply {
  const sub = ownSubscription(ctx, id);
  ctx.sync.subscriptions.delete(sub.id);
  return ctx.reply.code(204).send();
}

/** Answers a reauthorizationRequired challenge without extending the subscription. */
export function reauthorizeSubscription(ctx: GraphContext, id: string): FastifyReply {
  const sub = ownSubscription(ctx, id);
  requirePermission(ctx.caller, PERMISSIONS.readEvents);
  ctx.sync.subscriptions.update(sub.id, { reauthorizationRequiredAt: null });
  return ctx.reply.code(204).send();
}
