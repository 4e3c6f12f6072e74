/**
 * GET /users/{id}/calendar (and /me/calendar): the user's default calendar, as Exchange answers it
 * through Graph. To its owner (or an app with application permissions) it is theirs to edit and
 * share; to a delegate it says what the owner let them do (canEdit) — which is how Microsoft's
 * "Create Outlook events in a shared or delegated calendar" has the delegate check their access
 * before writing.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { mayEdit, resolveMailbox, usersSegment } from './event-handlers';
import { canonicalSelect, contextUrl, GraphContext, project, sendGraphJson } from './graph-context';
import { GraphApiError } from './graph-error';
import { PERMISSIONS } from './graph-permissions';
import type { UserRef } from './graph-route';

const CALENDAR_PROPERTIES = [
  'id',
  'name',
  'color',
  'hexColor',
  'isDefaultCalendar',
  'changeKey',
  'canShare',
  'canViewPrivateItems',
  'canEdit',
  'isRemovable',
  'isTallyingResponses',
  'allowedOnlineMeetingProviders',
  'defaultOnlineMeetingProvider',
  'owner',
] as const;

/** A stable id of the mailbox's default calendar, shaped like Exchange's (base64url). */
function calendarId(mailboxId: string): string {
  return `AAMkA${createHash('sha256').update(`calendar:${mailboxId.toLowerCase()}`).digest('base64url').slice(0, 60)}AAA=`;
}

export function getCalendar(ctx: GraphContext, ref: UserRef): FastifyReply {
  const select = canonicalSelect(
    ctx.query.select,
    CALENDAR_PROPERTIES,
    (name) =>
      new GraphApiError(400, 'RequestBroker--ParseUri', `Could not find a property named '${name}' on type 'microsoft.graph.calendar'.`),
  );
  const { user, segment } = resolveMailbox(ctx, ref, PERMISSIONS.readEvents);
  const own = ctx.caller.kind === 'application' || user.id.toLowerCase() === ctx.caller.userId;
  const role = own ? undefined : ctx.directory.calendarRole(ctx.caller.tenantId, user.id, ctx.caller.userId!);
  const calendar: Record<string, unknown> = {
    id: calendarId(user.id),
    name: 'Calendar',
    color: 'auto',
    hexColor: '',
    isDefaultCalendar: true,
    changeKey: createHash('sha256').update(`calendar-change:${user.id.toLowerCase()}`).digest('base64').slice(0, 24),
    canShare: own,
    canViewPrivateItems: own || role === 'delegateWithPrivateEventAccess',
    canEdit: mayEdit(ctx, user),
    isRemovable: false,
    isTallyingResponses: true,
    allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness',
    owner: { name: user.displayName, address: user.mail ?? user.userPrincipalName },
  };
  return sendGraphJson(ctx, 200, {
    '@odata.context': contextUrl(ctx, `${usersSegment(segment)}/calendar${select ? `(${select.join(',')})` : ''}/$entity`),
    ...project(calendar, select, ['id']),
  });
}
