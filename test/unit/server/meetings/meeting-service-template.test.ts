/**
 * Which template a new meeting starts from (meeting-service.ts create): the user's own setting,
 * else the organization's default (set on the admin page); a default Webex refuses is left out and
 * the meeting made without a template, while a template the user chose themselves is never dropped.
 */
import { createMeetingService, type MeetingStore, type WebexMeetingsApi } from '../../../../src/server/meetings/meeting-service';
import type { WebexMeetingCreateBody } from '../../../../src/server/meetings/webex-meeting-mapping';
import { WebexError } from '../../../../src/server/webex/webex-error';

const CALLER = { tenantId: 'tenant-1', userId: 'user-1' };
const NOW = new Date('2030-01-01T08:00:00Z');
const DRAFT = { subject: 'Planning', start: '2030-01-07T09:00:00Z', end: '2030-01-07T09:30:00Z', timeZone: 'UTC' };

function setUp(options: { own?: string; organization?: string | null; refuse?: (body: WebexMeetingCreateBody) => Error | undefined }) {
  const bodies: WebexMeetingCreateBody[] = [];
  const tenantReads: string[] = [];
  const store: MeetingStore = {
    users: {
      upsert: async (c) => ({
        ...c,
        settings: options.own ? { templateId: options.own } : {},
        createdAt: NOW,
        webexLinked: true,
        calendarSyncedAt: null,
      }),
    },
    tenants: {
      get: async (id) => {
        tenantReads.push(id);
        return {
          id,
          mode: 'individual',
          adminConsentedAt: null,
          defaultTemplateId: options.organization ?? null,
          createdAt: NOW,
          updatedAt: NOW,
        };
      },
    },
    meetings: {
      create: async () => undefined as never,
      get: async () => undefined,
      delete: async () => undefined as never,
      setTimeZone: async () => undefined as never,
    },
  };
  const webex: WebexMeetingsApi = {
    createMeeting: async (_token, body) => {
      bodies.push(body);
      const refused = options.refuse?.(body);
      if (refused) throw refused;
      return { id: `m${bodies.length}`, start: body.start, end: body.end, timezone: 'UTC' };
    },
    getMeeting: async () => ({ id: 'x' }),
    updateMeeting: async () => ({ id: 'x' }),
    deleteMeeting: async () => undefined,
  };
  const service = createMeetingService({ store, webex, webexAccessToken: async () => 'token', clock: () => NOW });
  return { service, bodies, tenantReads };
}

const unknownTemplate = (body: WebexMeetingCreateBody) => (body.templateId ? new WebexError({ status: 400 }) : undefined);

describe('the template of a new meeting', () => {
  it('is the organization’s default when the user has none of their own', async () => {
    const { service, bodies } = setUp({ organization: 'ORG' });
    await service.create(CALLER, DRAFT);
    expect(bodies.map((b) => b.templateId)).toEqual(['ORG']);
  });

  it('is the user’s own, without reading the tenant', async () => {
    const { service, bodies, tenantReads } = setUp({ own: 'MINE', organization: 'ORG' });
    await service.create(CALLER, DRAFT);
    expect(bodies.map((b) => b.templateId)).toEqual(['MINE']);
    expect(tenantReads).toEqual([]);
  });

  it('is none when neither is set', async () => {
    const { service, bodies } = setUp({ organization: null });
    await service.create(CALLER, DRAFT);
    expect(bodies.map((b) => 'templateId' in b)).toEqual([false]);
  });

  it('is left out when Webex refuses the organization’s default (400 or 404): the meeting is made without one', async () => {
    for (const status of [400, 404]) {
      const { service, bodies } = setUp({ organization: 'GONE', refuse: (b) => (b.templateId ? new WebexError({ status }) : undefined) });
      expect((await service.create(CALLER, DRAFT)).id).toBe('m2');
      expect(bodies.map((b) => b.templateId)).toEqual(['GONE', undefined]);
    }
  });

  it('is left out too when the pane sent the organization’s default it preselected', async () => {
    const { service, bodies } = setUp({ organization: 'GONE', refuse: unknownTemplate });
    await service.create(CALLER, { ...DRAFT, options: { templateId: 'GONE' } });
    expect(bodies.map((b) => b.templateId)).toEqual(['GONE', undefined]);
  });

  it('is never dropped when the user chose it: Webex’s refusal is the answer', async () => {
    const own = setUp({ own: 'MINE', refuse: unknownTemplate });
    await expect(own.service.create(CALLER, DRAFT)).rejects.toMatchObject({ code: 'webex_rejected' });
    expect(own.bodies).toHaveLength(1);
    const picked = setUp({ organization: 'ORG', refuse: unknownTemplate });
    await expect(picked.service.create(CALLER, { ...DRAFT, options: { templateId: 'OTHER' } })).rejects.toMatchObject({
      code: 'webex_rejected',
    });
    expect(picked.bodies).toHaveLength(1);
  });

  it('is not retried for a failure that is not about the request (Webex unavailable)', async () => {
    const { service, bodies } = setUp({ organization: 'ORG', refuse: () => new WebexError({ status: 503 }) });
    await expect(service.create(CALLER, DRAFT)).rejects.toMatchObject({ code: 'webex_unavailable' });
    expect(bodies).toHaveLength(1);
  });
});
