/**
 * What a host may choose before creating a meeting (webex-meeting.json):
 *
 * - GET /v1/meetingPreferences/sites (`userEmail` with admin scopes): `{ sites: [{ siteUrl, default }] }`,
 *   every site the user hosts on, the preferred one `default: true`;
 * - GET /v1/meetings/templates (`templateType`, `locale`, `isDefault`, `isStandard`, `hostEmail`,
 *   `siteUrl`): `{ items: [TemplateObject] }` of one site, the user's preferred one by default;
 * - GET /v1/meetings/templates/{templateId}: DetailedTemplateObject (the template and its `meeting`).
 *
 * The spec names no scopes for them: the emulator accepts the meeting read scopes (and
 * meeting:preferences_read for the sites).
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, WebexError } from './webex-error';
import { siteTemplates, templateJson, type MeetingTemplate } from './meeting-templates';
import { actingHost, authenticate, READ_SCOPES, requireScope } from './request-auth';
import { sitesOf } from './webex-directory';
import type { WebexState } from './webex-state';

type Query = Record<string, string | undefined>;

const HOUR_MS = 3_600_000;

function boolQuery(q: Query, name: string): boolean | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  throw badRequest('meeting.query.invalid', `The value of ${name} must be true or false.`);
}

export function registerPreferencesRoutes(app: FastifyInstance, state: WebexState): void {
  const hostFor = (req: Parameters<typeof authenticate>[1], scopes: string[], email: string | undefined) => {
    const caller = authenticate(state, req);
    requireScope(caller, scopes);
    const { host } = actingHost(state, caller, email, 'read');
    if (!host) throw badRequest('meeting.hostEmail.required', 'A user must be named when the token does not belong to a user.');
    return host;
  };

  app.get<{ Querystring: Query }>('/v1/meetingPreferences/sites', async (req) => {
    const host = hostFor(req, ['meeting:preferences_read', ...READ_SCOPES], req.query.userEmail);
    return { sites: sitesOf(host).map((siteUrl) => ({ siteUrl, default: siteUrl === host.siteUrl })) };
  });

  app.get<{ Querystring: Query }>('/v1/meetings/templates', async (req) => {
    const q = req.query;
    const host = hostFor(req, READ_SCOPES, q.hostEmail);
    if (q.templateType !== undefined && q.templateType !== 'meeting' && q.templateType !== 'webinar') {
      throw badRequest('meeting.templateType.invalid', 'templateType must be meeting or webinar.');
    }
    const site = (q.siteUrl ?? host.siteUrl).toLowerCase();
    if (!sitesOf(host).includes(site)) throw badRequest('meeting.siteUrl.invalid', `The user has no host account on site ${q.siteUrl}.`);
    const isDefault = boolQuery(q, 'isDefault');
    const isStandard = boolQuery(q, 'isStandard');
    // Only en_US templates exist here: another locale has none.
    const locale = q.locale ?? 'en_US';
    const items = siteTemplates(site).filter(
      (t: MeetingTemplate) =>
        t.locale === locale &&
        (q.templateType === undefined || t.templateType === q.templateType) &&
        (isDefault === undefined || t.isDefault === isDefault) &&
        (isStandard === undefined || t.isStandard === isStandard),
    );
    return { items: items.map(templateJson) };
  });

  app.get<{ Params: { templateId: string }; Querystring: Query }>('/v1/meetings/templates/:templateId', async (req) => {
    const host = hostFor(req, READ_SCOPES, req.query.hostEmail);
    const template = sitesOf(host)
      .flatMap((site) => siteTemplates(site))
      .find((t) => t.id === req.params.templateId);
    if (!template) throw new WebexError(404, 'meeting.template.notFound', 'The requested meeting template could not be found.');
    // "The meeting object should be used to create a meeting immediately after retrieval since the
    // start and end may be invalid quickly after generation": the next full hour, for an hour.
    const start = Math.ceil((state.clock.now() + 60_000) / HOUR_MS) * HOUR_MS;
    const meeting = {
      title: template.name,
      start: new Date(start).toISOString().replace('.000Z', 'Z'),
      end: new Date(start + HOUR_MS).toISOString().replace('.000Z', 'Z'),
      timezone: 'UTC',
      ...template.settings,
    };
    return { ...templateJson(template), meeting };
  });
}
