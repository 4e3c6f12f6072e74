import { validateMeetingDraft, type MeetingDraft } from '../../../../src/core/meeting-draft';
import {
  draftFromWebexMeeting,
  INTEGRATION_TAG,
  toMeetingDetails,
  toWebexCreateBody,
  toWebexPatchBody,
  type WebexMeetingView,
} from '../../../../src/server/meetings/webex-meeting-mapping';

function draft(input: Record<string, unknown>): MeetingDraft {
  const r = validateMeetingDraft({
    subject: 'Design review',
    start: '2026-11-24T17:00:00Z',
    end: '2026-11-24T18:00:00Z',
    timeZone: 'Pacific Standard Time',
    ...input,
  });
  if (!r.ok) throw new Error(r.issue.code);
  return r.draft;
}

const webexMeeting: WebexMeetingView & { hostKey: string; hostEmail: string; hostDisplayName: string } = {
  id: '870f51ff287b41be84648412901e0402',
  meetingNumber: '25149163345',
  title: 'Design review',
  password: 'BgJep@43',
  phoneAndVideoSystemPassword: '24537543',
  meetingType: 'meetingSeries',
  timezone: 'America/Los_Angeles',
  start: '2026-11-24T09:00:00-08:00',
  end: '2026-11-24T10:00:00-08:00',
  recurrence: 'FREQ=WEEKLY;COUNT=10;INTERVAL=1;BYDAY=TU',
  siteUrl: 'contoso.webex.com',
  webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m1',
  sipAddress: '25149163345@contoso.webex.com',
  scheduledType: 'meeting',
  enabledJoinBeforeHost: true,
  joinBeforeHostMinutes: 5,
  enabledAutoRecordMeeting: false,
  excludePassword: false,
  hostKey: '123456',
  hostEmail: 'adele.vance@contoso.example',
  hostDisplayName: 'Adele Vance',
  telephony: { accessCode: '25149163345', callInNumbers: [{ label: 'US Toll', callInNumber: '+1-415-655-0001', tollType: 'toll' }] },
};

describe('the body sent to Webex for a new meeting', () => {
  it('gives local times with offsets in the meeting zone, the tag, and no e-mail from Webex', () => {
    expect(toWebexCreateBody(draft({ recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10' }), { excludePassword: false })).toEqual({
      title: 'Design review',
      start: '2026-11-24T09:00:00-08:00',
      end: '2026-11-24T10:00:00-08:00',
      timezone: 'America/Los_Angeles',
      recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=10',
      scheduledType: 'meeting',
      enabledJoinBeforeHost: false,
      enabledAutoRecordMeeting: false,
      integrationTags: [INTEGRATION_TAG],
      excludePassword: false,
      sendEmail: false,
    });
  });

  it('leaves out for a personal room what Webex does not support there', () => {
    const body = toWebexCreateBody(draft({ options: { type: 'personalRoom' } }), { excludePassword: true });
    expect(body.scheduledType).toBe('personalRoomMeeting');
    expect(body).not.toHaveProperty('integrationTags');
    expect(body).not.toHaveProperty('enabledAutoRecordMeeting');
  });

  it('carries a chosen password and join-before-host minutes', () => {
    const body = toWebexCreateBody(draft({ options: { password: 'Tr1cky!pw', joinBeforeHost: true, joinBeforeHostMinutes: 10 } }), {
      excludePassword: false,
    });
    expect(body).toMatchObject({ password: 'Tr1cky!pw', enabledJoinBeforeHost: true, joinBeforeHostMinutes: 10 });
  });

  it('carries the site, template, audio and lobby chosen, and leaves them out when not chosen', () => {
    const body = toWebexCreateBody(
      draft({
        options: {
          siteUrl: 'events.webex.com',
          templateId: 'VDE',
          audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
          lobby: 'blockFromJoin',
        },
      }),
      { excludePassword: false },
    );
    expect(body).toMatchObject({
      siteUrl: 'events.webex.com',
      templateId: 'VDE',
      audioConnectionOptions: { audioConnectionType: 'webexAudio', enabledTollFreeCallIn: false, enabledGlobalCallIn: true },
      unlockedMeetingJoinSecurity: 'blockFromJoin',
    });
    const plain = toWebexCreateBody(draft({}), { excludePassword: false });
    for (const key of ['siteUrl', 'templateId', 'audioConnectionOptions', 'unlockedMeetingJoinSecurity'])
      expect(plain).not.toHaveProperty(key);
  });

  it('tags meetings with the product only, within Webex limits', () => {
    expect(INTEGRATION_TAG.length).toBeLessThanOrEqual(64);
    expect(INTEGRATION_TAG).not.toMatch(/@/);
  });
});

describe('the patch sent to Webex', () => {
  it('holds only what changed; the zone only when the change names one', () => {
    const d = draft({});
    expect(toWebexPatchBody(d, ['subject'])).toEqual({ title: 'Design review', sendEmail: false });
    expect(toWebexPatchBody(d, ['time'])).toEqual({
      start: '2026-11-24T09:00:00-08:00',
      end: '2026-11-24T10:00:00-08:00',
      sendEmail: false,
    });
    expect(toWebexPatchBody(d, ['timeZone'])).toEqual({
      start: '2026-11-24T09:00:00-08:00',
      end: '2026-11-24T10:00:00-08:00',
      timezone: 'America/Los_Angeles',
      sendEmail: false,
    });
    expect(toWebexPatchBody(d, ['recurrence'])).toEqual({ recurrence: null, sendEmail: false });
  });

  it('sends audio and lobby with changed options, never the site or the template (Webex sets them at creation only)', () => {
    const d = draft({
      options: {
        siteUrl: 'events.webex.com',
        templateId: 'VDE',
        audio: { type: 'VoIP', tollFree: true, globalCallIn: true },
        lobby: 'allowJoin',
      },
    });
    const body = toWebexPatchBody(d, ['options']);
    expect(body).toMatchObject({ audioConnectionOptions: { audioConnectionType: 'VoIP' }, unlockedMeetingJoinSecurity: 'allowJoin' });
    expect(body).not.toHaveProperty('siteUrl');
    expect(body).not.toHaveProperty('templateId');
  });
});

describe('a meeting Webex describes', () => {
  it('stands for the draft it was made from', () => {
    expect(draftFromWebexMeeting(webexMeeting)).toEqual({
      subject: 'Design review',
      title: 'Design review',
      start: '2026-11-24T17:00:00.000Z',
      end: '2026-11-24T18:00:00.000Z',
      timeZone: 'America/Los_Angeles',
      recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=10',
      options: {
        type: 'scheduled',
        password: 'BgJep@43',
        joinBeforeHost: true,
        joinBeforeHostMinutes: 5,
        autoRecord: false,
        siteUrl: 'contoso.webex.com',
      },
    });
  });

  it('stands for its audio and lobby options, leaving out values this product does not offer', () => {
    const withOptions = {
      ...webexMeeting,
      audioConnectionOptions: { audioConnectionType: 'webexAudio', enabledTollFreeCallIn: false, enabledGlobalCallIn: true },
      unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
    };
    expect(draftFromWebexMeeting(withOptions)?.options).toMatchObject({
      audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
      lobby: 'allowJoinWithLobby',
    });
    expect(toMeetingDetails(withOptions).options).toMatchObject({
      audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
      lobby: 'allowJoinWithLobby',
    });
    const odd = toMeetingDetails({
      ...webexMeeting,
      audioConnectionOptions: { audioConnectionType: 'none' },
      unlockedMeetingJoinSecurity: 'sometimes',
    }).options;
    expect(odd).not.toHaveProperty('audio');
    expect(odd).not.toHaveProperty('lobby');
  });

  it('without times stands for no draft', () => {
    expect(draftFromWebexMeeting({ id: 'x', title: 't' })).toBeUndefined();
  });

  it('is answered with the join details and never the host key or the host', () => {
    const details = toMeetingDetails(webexMeeting);
    expect(details).toMatchObject({
      id: webexMeeting.id,
      meetingNumber: '25149163345',
      webLink: webexMeeting.webLink,
      sipAddress: webexMeeting.sipAddress,
      password: 'BgJep@43',
      phoneAndVideoSystemPassword: '24537543',
      siteUrl: 'contoso.webex.com',
      telephony: { accessCode: '25149163345', callInNumbers: [{ label: 'US Toll', callInNumber: '+1-415-655-0001', tollType: 'toll' }] },
    });
    const text = JSON.stringify(details);
    expect(text).not.toContain('123456"');
    expect(text).not.toContain('hostKey');
    expect(text).not.toContain('adele');
  });
});
