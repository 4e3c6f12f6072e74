/**
 * The meeting options Webex organizers expect, end to end through the backend and the Webex
 * emulator: the site (when the user has more than one), the template, audio and dial-in, join
 * before host with its minutes, and the lobby; each set when adding, in Webex, and answered again
 * when the meeting is read; the ones Webex lets change after creation changed with PATCH, the
 * others refused; the user's defaults in the settings.
 */
import { ALEX, MEGAN, startBackendStack, type BackendStack } from './backend-stack';

interface Options {
  type: string;
  joinBeforeHost: boolean;
  joinBeforeHostMinutes: number;
  autoRecord: boolean;
  audio?: { type: string; tollFree: boolean; globalCallIn: boolean };
  lobby?: string;
}
interface Details {
  id: string;
  siteUrl: string;
  webLink: string;
  telephony: { callInNumbers: Array<{ tollType: string }> } | null;
  options: Options;
}
interface Choices {
  sites: Array<{ siteUrl: string; preferred: boolean }>;
  templates: Array<{ id: string; name: string; siteUrl: string; isDefault: boolean }>;
}
interface ErrorBody {
  error: { code: string };
}

const DAY = 86_400_000;
let stack: BackendStack;
let alex: string;
let megan: string;

function draft(options: Record<string, unknown> = {}, days = 12) {
  const start = new Date(Date.now() + days * DAY);
  start.setUTCHours(15, 0, 0, 0);
  return {
    subject: 'Options',
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/Berlin',
    options,
  };
}

const inWebex = (id: string) => stack.webex.meetings().find((m) => m.id === id);

beforeAll(async () => {
  stack = await startBackendStack();
  stack.webex.state.directory.addSite(ALEX.mail as string, 'contoso-events.webex.com');
  alex = await stack.userToken(ALEX);
  megan = await stack.userToken(MEGAN);
  await stack.linkWebex(alex, ALEX);
  await stack.linkWebex(megan, MEGAN);
});

afterAll(async () => {
  await stack?.close();
});

describe('the choices Webex offers', () => {
  it('lists the user’s sites (the preferred one marked) and the meeting templates of each', async () => {
    const res = await stack.api<Choices>('GET', '/api/webex/meeting-choices', { token: alex });
    expect(res.status).toBe(200);
    expect(res.body.sites).toEqual([
      { siteUrl: 'contoso.webex.com', preferred: true },
      { siteUrl: 'contoso-events.webex.com', preferred: false },
    ]);
    expect(res.body.templates.map((t) => [t.siteUrl, t.isDefault])).toEqual([
      ['contoso.webex.com', true],
      ['contoso.webex.com', false],
      ['contoso-events.webex.com', true],
      ['contoso-events.webex.com', false],
    ]);
    const one = await stack.api<Choices>('GET', '/api/webex/meeting-choices', { token: megan });
    expect(one.body.sites).toEqual([{ siteUrl: 'contoso.webex.com', preferred: true }]);
  });

  it('says what a template sets, and 404 for one that does not exist', async () => {
    const { templates } = (await stack.api<Choices>('GET', '/api/webex/meeting-choices', { token: alex })).body;
    const team = templates.find((t) => !t.isDefault && t.siteUrl === 'contoso.webex.com');
    const res = await stack.api<{ options: Options }>('GET', `/api/webex/templates/${team?.id ?? ''}`, { token: alex });
    expect(res.body.options).toEqual({
      joinBeforeHost: true,
      joinBeforeHostMinutes: 10,
      autoRecord: false,
      audio: { type: 'VoIP', tollFree: true, globalCallIn: true },
      lobby: 'allowJoinWithLobby',
    });
    const missing = await stack.api<ErrorBody>('GET', '/api/webex/templates/bm8tc3VjaA', { token: alex });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'template_not_found']);
  });
});

describe('set when adding, in Webex, answered on reading', () => {
  it('puts the meeting on the site chosen, with its audio, join-before-host minutes and lobby', async () => {
    const options = {
      siteUrl: 'contoso-events.webex.com',
      joinBeforeHost: true,
      joinBeforeHostMinutes: 15,
      audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
      lobby: 'blockFromJoin',
    };
    const created = await stack.api<Details>('POST', '/api/meetings', { token: alex, body: draft(options) });
    expect(created.status).toBe(201);
    const webex = inWebex(created.body.id);
    expect(webex?.siteUrl).toBe('contoso-events.webex.com');
    expect(webex?.options).toMatchObject({
      enabledJoinBeforeHost: true,
      joinBeforeHostMinutes: 15,
      unlockedMeetingJoinSecurity: 'blockFromJoin',
      audioConnectionOptions: { audioConnectionType: 'webexAudio', enabledTollFreeCallIn: false, enabledGlobalCallIn: true },
    });
    const read = await stack.api<Details>('GET', `/api/meetings/${created.body.id}`, { token: alex });
    expect(read.body.siteUrl).toBe('contoso-events.webex.com');
    expect(read.body.options).toEqual({
      type: 'scheduled',
      joinBeforeHost: true,
      joinBeforeHostMinutes: 15,
      autoRecord: false,
      audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
      lobby: 'blockFromJoin',
    });
    expect(read.body.telephony?.callInNumbers.map((n) => n.tollType)).toEqual(['toll']);
  });

  it('creates from a template: what the template sets, unless the draft says otherwise', async () => {
    const { templates } = (await stack.api<Choices>('GET', '/api/webex/meeting-choices', { token: alex })).body;
    const team = templates.find((t) => !t.isDefault && t.siteUrl === 'contoso.webex.com');
    const created = await stack.api<Details>('POST', '/api/meetings', {
      token: alex,
      body: draft({ templateId: team?.id, joinBeforeHost: true, joinBeforeHostMinutes: 5 }),
    });
    expect(created.status).toBe(201);
    expect(created.body.options).toMatchObject({
      joinBeforeHost: true,
      joinBeforeHostMinutes: 5,
      audio: { type: 'VoIP' },
      lobby: 'allowJoinWithLobby',
    });
    expect(created.body.telephony?.callInNumbers ?? []).toEqual([]);
  });

  it('refuses a site the user has no account on, or a template of another site, creating nothing', async () => {
    const before = stack.webex.meetings().length;
    const site = await stack.api<ErrorBody>('POST', '/api/meetings', {
      token: megan,
      body: draft({ siteUrl: 'contoso-events.webex.com' }),
    });
    expect(site.status).toBe(400);
    const bad = await stack.api<ErrorBody>('POST', '/api/meetings', { token: alex, body: draft({ siteUrl: 'not a site' }) });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_options']);
    const minutes = await stack.api<ErrorBody>('POST', '/api/meetings', {
      token: alex,
      body: draft({ joinBeforeHost: true, joinBeforeHostMinutes: 7 }),
    });
    expect([minutes.status, minutes.body.error.code]).toEqual([400, 'invalid_options']);
    const noMinutesWithout = await stack.api<ErrorBody>('POST', '/api/meetings', {
      token: alex,
      body: draft({ joinBeforeHost: false, joinBeforeHostMinutes: 10 }),
    });
    expect([noMinutesWithout.status, noMinutesWithout.body.error.code]).toEqual([400, 'invalid_options']);
    expect(stack.webex.meetings()).toHaveLength(before);
  });
});

describe('changed after creation where Webex allows it', () => {
  it('changes audio, lobby and join-before-host minutes; refuses a new site or template', async () => {
    const created = (
      await stack.api<Details>('POST', '/api/meetings', { token: alex, body: draft({ siteUrl: 'contoso-events.webex.com' }) })
    ).body;
    const changed = await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { options: { audio: { type: 'VoIP' }, lobby: 'allowJoinWithLobby', joinBeforeHost: true, joinBeforeHostMinutes: 10 } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.options).toMatchObject({
      joinBeforeHost: true,
      joinBeforeHostMinutes: 10,
      audio: { type: 'VoIP' },
      lobby: 'allowJoinWithLobby',
    });
    expect(inWebex(created.id)?.options).toMatchObject({
      joinBeforeHostMinutes: 10,
      unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
      audioConnectionOptions: { audioConnectionType: 'VoIP' },
    });
    const off = await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { options: { joinBeforeHost: false } },
    });
    expect(off.body.options).toMatchObject({ joinBeforeHost: false, joinBeforeHostMinutes: 0 });

    const site = await stack.api<ErrorBody>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { options: { siteUrl: 'contoso.webex.com' } },
    });
    expect([site.status, site.body.error.code]).toEqual([400, 'invalid_options']);
    const same = await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { options: { siteUrl: 'contoso-events.webex.com' } },
    });
    expect(same.status).toBe(200);
    const template = await stack.api<ErrorBody>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { options: { templateId: 'abc' } },
    });
    expect([template.status, template.body.error.code]).toEqual([400, 'invalid_options']);
    expect(inWebex(created.id)?.siteUrl).toBe('contoso-events.webex.com');
  });
});

describe('the user’s defaults', () => {
  it('keeps them in the settings and uses them for what the draft does not say', async () => {
    const saved = await stack.api<{ settings: Record<string, unknown> }>('PUT', '/api/me/settings', {
      token: alex,
      body: {
        siteUrl: 'contoso-events.webex.com',
        audio: 'VoIP',
        lobby: 'allowJoinWithLobby',
        joinBeforeHost: true,
        joinBeforeHostMinutes: 5,
      },
    });
    expect(saved.body.settings).toMatchObject({
      siteUrl: 'contoso-events.webex.com',
      audio: 'VoIP',
      lobby: 'allowJoinWithLobby',
      joinBeforeHostMinutes: 5,
      templateId: '',
    });
    try {
      const created = await stack.api<Details>('POST', '/api/meetings', { token: alex, body: draft() });
      expect(created.body.siteUrl).toBe('contoso-events.webex.com');
      expect(created.body.options).toMatchObject({
        joinBeforeHost: true,
        joinBeforeHostMinutes: 5,
        audio: { type: 'VoIP' },
        lobby: 'allowJoinWithLobby',
      });
    } finally {
      await stack.api('PUT', '/api/me/settings', {
        token: alex,
        body: { siteUrl: '', audio: 'default', lobby: 'default', joinBeforeHost: false, joinBeforeHostMinutes: 0 },
      });
    }
    for (const body of [{ audio: 'phone' }, { lobby: 'open' }, { joinBeforeHostMinutes: 20 }, { siteUrl: 'a b' }, { templateId: 'x/y' }]) {
      const refused = await stack.api<ErrorBody>('PUT', '/api/me/settings', { token: alex, body });
      expect([body, refused.status, refused.body.error.code]).toEqual([body, 400, 'invalid_settings']);
    }
  });
});
