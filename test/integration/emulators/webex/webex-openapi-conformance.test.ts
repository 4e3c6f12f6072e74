/**
 * Checks the emulator against Webex's own OpenAPI spec (webex/webex-openapi-specs,
 * public-spec/webex-meeting.json, kept in test/fixtures/webex with its licence): the bodies these tests send must be
 * valid requests, and what the emulator answers must be valid responses, so that the product's
 * Webex client and the emulator cannot agree on something Webex would not.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ALEX, call, DAY, HOUR, nextWeekday, slot, startWebex } from './webex-harness';

const specPath = process.env.WEBEX_OPENAPI_SPEC ?? join(__dirname, '..', '..', '..', 'fixtures', 'webex', 'webex-meeting.json.gz');
// Kept gzipped in the repository (2.4 MB as JSON); a plain .json given through WEBEX_OPENAPI_SPEC is read as it is.
const readSpec = (path: string): string =>
  path.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8');
const spec = existsSync(specPath) ? (JSON.parse(readSpec(specPath)) as { components: unknown }) : undefined;

if (!spec) {
  describe('the Webex OpenAPI spec', () => {
    it('is present, so that the emulator can be checked against it', () => {
      console.warn(
        `\n*** WEBEX OPENAPI CONFORMANCE NOT CHECKED: no spec at ${specPath}.\n` +
          '*** Set WEBEX_OPENAPI_SPEC to webex-meeting.json (webex/webex-openapi-specs, public-spec/).\n',
      );
      if (process.env.CI) throw new Error(`The Webex OpenAPI spec is missing at ${specPath}; conformance cannot be checked in CI.`);
    });
  });
} else {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'webex-meeting.json', components: spec.components });
  const schema = (name: string): ValidateFunction => {
    const v = ajv.getSchema(`webex-meeting.json#/components/schemas/${name}`);
    if (!v) throw new Error(`no schema ${name} in the spec`);
    return v;
  };
  const listOf = (name: string): ValidateFunction =>
    ajv.compile({
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', items: { $ref: `webex-meeting.json#/components/schemas/${name}` } } },
    });

  /** Fails with ajv's own report, so a mismatch says which field and why. */
  const conforms = (validate: ValidateFunction, data: unknown, what: string) => {
    const ok = validate(data);
    expect({ what, errors: ok ? [] : validate.errors }).toEqual({ what, errors: [] });
  };

  let emu: WebexEmulator;
  let token: string;

  beforeAll(async () => {
    emu = await startWebex();
    token = emu.issueUserToken(ALEX).access_token;
  });
  afterAll(async () => {
    await emu.close();
  });

  describe('the emulator against the Webex OpenAPI spec', () => {
    it('answers Create a Meeting with a MeetingSeriesObject, single or recurring', async () => {
      const monday = nextWeekday(1).getTime() + 17 * HOUR;
      const bodies = [
        {
          title: 'Single',
          ...slot(2),
          timezone: 'Europe/Paris',
          agenda: 'a',
          integrationTags: ['x'],
          sendEmail: false,
          invitees: [{ email: 'g@example.org' }],
        },
        {
          title: 'Recurring',
          start: new Date(monday).toISOString(),
          end: new Date(monday + HOUR).toISOString(),
          timezone: 'America/Los_Angeles',
          recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=10',
          enabledJoinBeforeHost: true,
          joinBeforeHostMinutes: 5,
        },
      ];
      for (const body of bodies) {
        conforms(schema('CreateMeetingObject'), body, `request ${body.title}`);
        const r = await call(emu.url, '/v1/meetings', { method: 'POST', token, body });
        expect(r.status).toBe(200);
        conforms(schema('MeetingSeriesObject'), r.body, `create ${body.title}`);
      }
    });

    it('answers Get, List, Patch and Update with the schemas of those operations', async () => {
      const monday = nextWeekday(1).getTime() + 15 * HOUR;
      const created = await call<{ id: string }>(emu.url, '/v1/meetings', {
        method: 'POST',
        token,
        body: {
          title: 'Series',
          start: new Date(monday).toISOString(),
          end: new Date(monday + HOUR).toISOString(),
          recurrence: 'FREQ=DAILY;INTERVAL=1;COUNT=5',
        },
      });
      const id = created.body.id;

      conforms(schema('MeetingSeriesObject'), (await call(emu.url, `/v1/meetings/${id}`, { token })).body, 'get series');

      const series = await call(
        emu.url,
        `/v1/meetings?from=${new Date(monday - DAY).toISOString()}&to=${new Date(monday + 10 * DAY).toISOString()}`,
        { token },
      );
      // Series items carry no meetingSeriesId ("it only applies to scheduled meeting and meeting
      // instance"), which the list schema nonetheless marks required: check them as series.
      conforms(listOf('MeetingSeriesObject'), series.body, 'list series');

      const occ = await call<{ items: { id: string }[] }>(
        emu.url,
        `/v1/meetings?meetingSeriesId=${id}&meetingType=scheduledMeeting&from=${new Date(monday - DAY).toISOString()}&to=${new Date(monday + 10 * DAY).toISOString()}`,
        { token, headers: { timezone: 'Asia/Kolkata' } },
      );
      expect(occ.body.items).toHaveLength(5);
      conforms(listOf('MeetingObjectForListMeeting'), occ.body, 'list occurrences');

      const occurrenceId = occ.body.items[1]?.id ?? '';
      conforms(schema('MeetingSeriesObject'), (await call(emu.url, `/v1/meetings/${occurrenceId}`, { token })).body, 'get occurrence');

      const occurrencePatch = { title: 'One-off', agenda: 'changed' };
      conforms(schema('PatchMeetingObject'), occurrencePatch, 'request patch occurrence');
      const patchedOcc = await call(emu.url, `/v1/meetings/${occurrenceId}`, { method: 'PATCH', token, body: occurrencePatch });
      expect(patchedOcc.status).toBe(200);
      conforms(schema('MeetingObjectForListMeeting'), patchedOcc.body, 'patch occurrence');

      const seriesPatch = { title: 'Renamed', recurrence: 'FREQ=DAILY;INTERVAL=1;COUNT=3', sendEmail: false };
      conforms(schema('PatchMeetingObject'), seriesPatch, 'request patch series');
      const patchedSeries = await call(emu.url, `/v1/meetings/${id}`, { method: 'PATCH', token, body: seriesPatch });
      expect(patchedSeries.status).toBe(200);
      conforms(schema('MeetingSeriesObject'), patchedSeries.body, 'patch series');

      const put = {
        title: 'Replaced',
        start: new Date(monday).toISOString(),
        end: new Date(monday + 2 * HOUR).toISOString(),
        timezone: 'UTC',
      };
      conforms(schema('UpdateMeetingObject'), put, 'request put');
      const replaced = await call(emu.url, `/v1/meetings/${id}`, { method: 'PUT', token, body: put });
      expect(replaced.status).toBe(200);
      conforms(schema('MeetingSeriesObject'), replaced.body, 'put series');
    });

    it('answers the invitee operations with GetInviteeObject and CreateInviteesResponse', async () => {
      const id = (
        await call<{ id: string }>(emu.url, '/v1/meetings', {
          method: 'POST',
          token,
          body: { title: 'Invitees', ...slot(5), sendEmail: false },
        })
      ).body.id;
      const one = { meetingId: id, email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', coHost: true, sendEmail: false };
      conforms(schema('CreateInviteeObject'), one, 'request create invitee');
      const created = await call<{ id: string }>(emu.url, '/v1/meetingInvitees', { method: 'POST', token, body: one });
      expect(created.status).toBe(200);
      conforms(schema('GetInviteeObject'), created.body, 'create invitee');

      const bulk = {
        meetingId: id,
        items: [
          { email: 'a@example.org', sendEmail: false },
          { email: 'b@example.org', displayName: 'Bee', coHost: false, sendEmail: false },
        ],
      };
      conforms(schema('CreateInviteesObject'), bulk, 'request bulk insert');
      const inserted = await call(emu.url, '/v1/meetingInvitees/bulkInsert', { method: 'POST', token, body: bulk });
      expect(inserted.status).toBe(200);
      conforms(schema('CreateInviteesResponse'), inserted.body, 'bulk insert');

      conforms(listOf('GetInviteeObject'), (await call(emu.url, `/v1/meetingInvitees?meetingId=${id}`, { token })).body, 'list invitees');
      conforms(schema('GetInviteeObject'), (await call(emu.url, `/v1/meetingInvitees/${created.body.id}`, { token })).body, 'get invitee');
      const update = { email: 'megan.bowen@contoso.example', coHost: false, sendEmail: false };
      conforms(schema('UpdateInviteeObject'), update, 'request update invitee');
      const updated = await call(emu.url, `/v1/meetingInvitees/${created.body.id}`, { method: 'PUT', token, body: update });
      expect(updated.status).toBe(200);
      conforms(schema('GetInviteeObject'), updated.body, 'update invitee');
      expect((await call(emu.url, `/v1/meetingInvitees/${created.body.id}?sendEmail=false`, { method: 'DELETE', token })).status).toBe(204);
    });

    it('answers Get Site List, List Meeting Templates and Get a Meeting Template with SitesObject, TemplateObject and DetailedTemplateObject', async () => {
      emu.state.directory.addSite(ALEX, 'contoso-events.webex.com');
      const sites = await call<{ sites: Array<{ siteUrl: string; default: boolean }> }>(emu.url, '/v1/meetingPreferences/sites', { token });
      expect(sites.status).toBe(200);
      conforms(schema('SitesObject'), sites.body, 'sites');
      expect(sites.body.sites).toEqual([
        { siteUrl: 'contoso.webex.com', default: true },
        { siteUrl: 'contoso-events.webex.com', default: false },
      ]);
      for (const query of ['', '?templateType=meeting', '?siteUrl=contoso-events.webex.com&isStandard=false']) {
        const templates = await call<{ items: Array<{ id: string }> }>(emu.url, `/v1/meetings/templates${query}`, { token });
        expect([query, templates.status]).toEqual([query, 200]);
        conforms(listOf('TemplateObject'), templates.body, `templates${query}`);
      }
      const [first] = (await call<{ items: Array<{ id: string }> }>(emu.url, '/v1/meetings/templates', { token })).body.items;
      const detail = await call(emu.url, `/v1/meetings/templates/${first?.id ?? ''}`, { token });
      expect(detail.status).toBe(200);
      conforms(schema('DetailedTemplateObject'), detail.body, 'template');
    });

    it('takes and answers the site, template, audio, join-before-host and lobby options as the schemas say', async () => {
      const templates = await call<{ items: Array<{ id: string; isStandard: boolean }> }>(
        emu.url,
        '/v1/meetings/templates?templateType=meeting&siteUrl=contoso-events.webex.com',
        {
          token,
        },
      );
      const template = templates.body.items.find((t) => !t.isStandard);
      const body = {
        title: 'Options',
        ...slot(6),
        siteUrl: 'contoso-events.webex.com',
        templateId: template?.id,
        enabledJoinBeforeHost: true,
        joinBeforeHostMinutes: 15,
        enableConnectAudioBeforeHost: true,
        unlockedMeetingJoinSecurity: 'blockFromJoin',
        audioConnectionOptions: {
          audioConnectionType: 'webexAudio',
          enabledTollFreeCallIn: false,
          enabledGlobalCallIn: true,
          entryAndExitTone: 'noTone',
          muteAttendeeUponEntry: false,
        },
        sendEmail: false,
      };
      const { startMs: _ignored, ...request } = body;
      conforms(schema('CreateMeetingObject'), request, 'request create with options');
      const created = await call<{ id: string }>(emu.url, '/v1/meetings', { method: 'POST', token, body: request });
      expect(created.status).toBe(200);
      conforms(schema('MeetingSeriesObject'), created.body, 'create with options');
      const patch = {
        audioConnectionOptions: { audioConnectionType: 'VoIP' },
        unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
        enabledJoinBeforeHost: false,
        sendEmail: false,
      };
      conforms(schema('PatchMeetingObject'), patch, 'request patch options');
      const patched = await call(emu.url, `/v1/meetings/${created.body.id}`, { method: 'PATCH', token, body: patch });
      expect(patched.status).toBe(200);
      conforms(schema('MeetingSeriesObject'), patched.body, 'patch options');
    });

    it('is strict enough to catch a response that breaks the schema', () => {
      expect(schema('MeetingSeriesObject')({ id: 'x', title: 1 })).toBe(false);
    });
  });
}
