/**
 * The options a Webex organizer sets when scheduling, as the emulator keeps them
 * (webex-meeting.json, CreateMeetingObject / PatchMeetingObject / MeetingSeriesObject): the site
 * the meeting is on (Get Site List), the template it starts from (List Meeting Templates), the
 * audio connection options and the dial-in they allow, join before host (minutes only while it is
 * on: 0, 5, 10 or 15) and who joins directly or waits in the lobby.
 */
import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ALEX, call, errorCode, MEGAN, slot, startWebex } from './webex-harness';

let emu: WebexEmulator;
let alex: string;

interface Meeting {
  id: string;
  siteUrl: string;
  webLink: string;
  enabledJoinBeforeHost: boolean;
  joinBeforeHostMinutes: number;
  enableConnectAudioBeforeHost: boolean;
  unlockedMeetingJoinSecurity: string;
  audioConnectionOptions: Record<string, unknown>;
  telephony?: { callInNumbers: Array<{ tollType: string }> };
}

interface Template {
  id: string;
  name: string;
  siteUrl: string;
  templateType: string;
  isDefault: boolean;
  isStandard: boolean;
}

const create = (body: Record<string, unknown>) =>
  call<Meeting>(emu.url, '/v1/meetings', {
    method: 'POST',
    token: alex,
    body: { title: 'Options', ...slot(3), sendEmail: false, ...body },
  });

beforeAll(async () => {
  emu = await startWebex();
  emu.state.directory.addSite(ALEX, 'contoso-events.webex.com');
  alex = emu.issueUserToken(ALEX).access_token;
});
afterAll(async () => {
  await emu.close();
});

describe('sites', () => {
  it('lists every site the user hosts on, the preferred one marked default; a user with one site gets one', async () => {
    const sites = await call<{ sites: unknown[] }>(emu.url, '/v1/meetingPreferences/sites', { token: alex });
    expect(sites.body.sites).toEqual([
      { siteUrl: 'contoso.webex.com', default: true },
      { siteUrl: 'contoso-events.webex.com', default: false },
    ]);
    const megan = emu.issueUserToken(MEGAN).access_token;
    expect((await call<{ sites: unknown[] }>(emu.url, '/v1/meetingPreferences/sites', { token: megan })).body.sites).toEqual([
      { siteUrl: 'contoso.webex.com', default: true },
    ]);
  });

  it('creates the meeting on the site named, the preferred one otherwise, and refuses a site the user has no account on', async () => {
    const other = await create({ siteUrl: 'contoso-events.webex.com' });
    expect([other.status, other.body.siteUrl]).toEqual([200, 'contoso-events.webex.com']);
    expect(other.body.webLink).toMatch(/^https:\/\/contoso-events\.webex\.com\//);
    expect(emu.meetings().find((m) => m.id === other.body.id)?.siteUrl).toBe('contoso-events.webex.com');
    expect((await create({})).body.siteUrl).toBe('contoso.webex.com');
    const refused = await create({ siteUrl: 'fabrikam.webex.com' });
    expect([refused.status, errorCode(refused)]).toEqual([400, 'meeting.siteUrl.invalid']);
  });
});

describe('templates', () => {
  it('lists the templates of the preferred site, or of the site named, filtered as asked', async () => {
    const all = await call<{ items: Template[] }>(emu.url, '/v1/meetings/templates', { token: alex });
    expect(all.body.items.map((t) => [t.siteUrl, t.templateType, t.isDefault])).toEqual([
      ['contoso.webex.com', 'meeting', true],
      ['contoso.webex.com', 'meeting', false],
      ['contoso.webex.com', 'webinar', true],
    ]);
    const events = await call<{ items: Template[] }>(
      emu.url,
      '/v1/meetings/templates?templateType=meeting&siteUrl=contoso-events.webex.com',
      { token: alex },
    );
    expect(events.body.items.map((t) => [t.siteUrl, t.templateType])).toEqual([
      ['contoso-events.webex.com', 'meeting'],
      ['contoso-events.webex.com', 'meeting'],
    ]);
    expect(new Set([...all.body.items, ...events.body.items].map((t) => t.id)).size).toBe(5);
    expect((await call(emu.url, '/v1/meetings/templates?siteUrl=fabrikam.webex.com', { token: alex })).status).toBe(400);
    expect((await call<{ items: Template[] }>(emu.url, '/v1/meetings/templates?locale=de_DE', { token: alex })).body.items).toEqual([]);
  });

  it('creates from a template: its settings first, the body’s over them; an unknown template, or one of another site, is refused', async () => {
    const [, team] = (await call<{ items: Template[] }>(emu.url, '/v1/meetings/templates?templateType=meeting', { token: alex })).body
      .items;
    const detail = await call<{ meeting: Record<string, unknown> }>(emu.url, `/v1/meetings/templates/${team?.id ?? ''}`, { token: alex });
    expect(detail.body.meeting).toMatchObject({
      enabledJoinBeforeHost: true,
      joinBeforeHostMinutes: 10,
      unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
    });

    const fromTemplate = await create({ templateId: team?.id });
    expect(fromTemplate.body).toMatchObject({
      enabledJoinBeforeHost: true,
      joinBeforeHostMinutes: 10,
      unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
      audioConnectionOptions: { audioConnectionType: 'VoIP' },
    });
    const overridden = await create({ templateId: team?.id, joinBeforeHostMinutes: 5 });
    expect(overridden.body).toMatchObject({ enabledJoinBeforeHost: true, joinBeforeHostMinutes: 5 });

    const unknown = await create({ templateId: 'bm8tc3VjaC10ZW1wbGF0ZQ' });
    expect([unknown.status, errorCode(unknown)]).toEqual([400, 'meeting.templateId.invalid']);
    const otherSite = await create({ templateId: team?.id, siteUrl: 'contoso-events.webex.com' });
    expect([otherSite.status, errorCode(otherSite)]).toEqual([400, 'meeting.templateId.invalid']);
    expect((await call(emu.url, '/v1/meetings/templates/bm8tc3VjaC10ZW1wbGF0ZQ', { token: alex })).status).toBe(404);
  });
});

describe('audio', () => {
  it('keeps the audio connection options, with the site’s defaults for those not named', async () => {
    const plain = await create({});
    expect(plain.body.audioConnectionOptions).toEqual({
      audioConnectionType: 'webexAudio',
      enabledTollFreeCallIn: true,
      enabledGlobalCallIn: true,
      enabledAudienceCallBack: false,
      entryAndExitTone: 'beep',
      allowHostToUnmuteParticipants: false,
      allowAttendeeToUnmuteSelf: true,
      muteAttendeeUponEntry: true,
    });
    expect(plain.body.telephony?.callInNumbers.map((n) => n.tollType)).toEqual(['toll', 'tollFree']);
    const noTollFree = await create({ audioConnectionOptions: { enabledTollFreeCallIn: false, entryAndExitTone: 'announceName' } });
    expect(noTollFree.body.audioConnectionOptions).toMatchObject({
      audioConnectionType: 'webexAudio',
      enabledTollFreeCallIn: false,
      entryAndExitTone: 'announceName',
      muteAttendeeUponEntry: true,
    });
    expect(noTollFree.body.telephony?.callInNumbers.map((n) => n.tollType)).toEqual(['toll']);
  });

  it('offers no dial-in for computer audio only, and changes the audio of an existing meeting (PATCH merges, the others stay)', async () => {
    const voip = await create({ audioConnectionOptions: { audioConnectionType: 'VoIP' } });
    expect(voip.body.telephony?.callInNumbers).toEqual([]);
    const patched = await call<Meeting>(emu.url, `/v1/meetings/${voip.body.id}`, {
      method: 'PATCH',
      token: alex,
      body: { audioConnectionOptions: { audioConnectionType: 'webexAudio', enabledTollFreeCallIn: false } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.audioConnectionOptions).toMatchObject({
      audioConnectionType: 'webexAudio',
      enabledTollFreeCallIn: false,
      enabledGlobalCallIn: true,
    });
    expect(patched.body.telephony?.callInNumbers.map((n) => n.tollType)).toEqual(['toll']);
    expect(emu.meetings().find((m) => m.id === voip.body.id)?.options.audioConnectionOptions.audioConnectionType).toBe('webexAudio');
  });

  it('refuses values the spec does not list, and audience call-back outside a webinar', async () => {
    for (const audio of [
      { audioConnectionType: 'phone' },
      { entryAndExitTone: 'loud' },
      { enabledTollFreeCallIn: 'yes' },
      { enabledAudienceCallBack: true },
    ]) {
      expect([audio, (await create({ audioConnectionOptions: audio })).status]).toEqual([audio, 400]);
    }
    expect((await create({ audioConnectionOptions: 'VoIP' })).status).toBe(400);
  });
});

describe('join before host and the lobby', () => {
  it('keeps the minutes only while join before host is on, and takes only 0, 5, 10 or 15', async () => {
    const on = await create({ enabledJoinBeforeHost: true, joinBeforeHostMinutes: 15, enableConnectAudioBeforeHost: true });
    expect(on.body).toMatchObject({ enabledJoinBeforeHost: true, joinBeforeHostMinutes: 15, enableConnectAudioBeforeHost: true });
    const ignored = await create({ enabledJoinBeforeHost: false, joinBeforeHostMinutes: 10, enableConnectAudioBeforeHost: true });
    expect(ignored.body).toMatchObject({ enabledJoinBeforeHost: false, joinBeforeHostMinutes: 0, enableConnectAudioBeforeHost: false });
    const off = await call<Meeting>(emu.url, `/v1/meetings/${on.body.id}`, {
      method: 'PATCH',
      token: alex,
      body: { enabledJoinBeforeHost: false },
    });
    expect(off.body).toMatchObject({ enabledJoinBeforeHost: false, joinBeforeHostMinutes: 0 });
    const back = await call<Meeting>(emu.url, `/v1/meetings/${on.body.id}`, {
      method: 'PATCH',
      token: alex,
      body: { enabledJoinBeforeHost: true },
    });
    expect(back.body).toMatchObject({ enabledJoinBeforeHost: true, joinBeforeHostMinutes: 0 });
    const refused = await create({ enabledJoinBeforeHost: true, joinBeforeHostMinutes: 7 });
    expect([refused.status, errorCode(refused)]).toEqual([400, 'meeting.joinBeforeHostMinutes.invalid']);
  });

  it('keeps who joins directly and who waits in the lobby, at create and after', async () => {
    const lobby = await create({ unlockedMeetingJoinSecurity: 'allowJoinWithLobby' });
    expect(lobby.body.unlockedMeetingJoinSecurity).toBe('allowJoinWithLobby');
    const blocked = await call<Meeting>(emu.url, `/v1/meetings/${lobby.body.id}`, {
      method: 'PATCH',
      token: alex,
      body: { unlockedMeetingJoinSecurity: 'blockFromJoin' },
    });
    expect(blocked.body.unlockedMeetingJoinSecurity).toBe('blockFromJoin');
    expect(emu.meetings().find((m) => m.id === lobby.body.id)?.options.unlockedMeetingJoinSecurity).toBe('blockFromJoin');
    expect((await create({ unlockedMeetingJoinSecurity: 'maybe' })).status).toBe(400);
  });
});
