import { DEFAULT_USER_SETTINGS } from '../../../../src/core/api-types';
import { meetingOptionDefaults, parseUserSettingsUpdate, resolveUserSettings } from '../../../../src/server/meetings/user-settings';

describe('user settings', () => {
  it('are the defaults until changed', () => {
    expect(resolveUserSettings({})).toEqual(DEFAULT_USER_SETTINGS);
    expect(resolveUserSettings(undefined)).toEqual(DEFAULT_USER_SETTINGS);
  });

  it('keep valid stored values and ignore damaged or unknown ones', () => {
    expect(resolveUserSettings({ defaultMeetingType: 'personalRoom', joinBeforeHost: 'yes', theme: 'dark', autoRecord: true })).toEqual({
      ...DEFAULT_USER_SETTINGS,
      defaultMeetingType: 'personalRoom',
      autoRecord: true,
    });
  });

  it('leave delegates out until the user lets them in', () => {
    expect(DEFAULT_USER_SETTINGS.allowDelegates).toBe(false);
    expect(parseUserSettingsUpdate({ allowDelegates: true })).toEqual({ ok: true, update: { allowDelegates: true } });
    expect(parseUserSettingsUpdate({ allowDelegates: 'yes' }).ok).toBe(false);
    expect(resolveUserSettings({ allowDelegates: true }).allowDelegates).toBe(true);
  });

  it('accept an update of any subset', () => {
    expect(parseUserSettingsUpdate({ addToEveryNewMeeting: true })).toEqual({ ok: true, update: { addToEveryNewMeeting: true } });
    expect(parseUserSettingsUpdate({})).toEqual({ ok: true, update: {} });
  });

  it('refuse an update with a wrong type or an unknown setting', () => {
    for (const body of [null, [], 'on', { password: 'on' }, { defaultMeetingType: 'webinar' }, { email: 'a@b.example' }]) {
      expect(parseUserSettingsUpdate(body).ok).toBe(false);
    }
  });

  it('give the meeting options a draft does not state', () => {
    expect(meetingOptionDefaults({ ...DEFAULT_USER_SETTINGS, defaultMeetingType: 'personalRoom', joinBeforeHost: true })).toEqual({
      type: 'personalRoom',
      joinBeforeHost: true,
      joinBeforeHostMinutes: 0,
      autoRecord: false,
    });
  });

  it('give the site, template, audio, lobby and join-before-host minutes chosen; "default" and "" leave them to Webex', () => {
    expect(
      meetingOptionDefaults({
        ...DEFAULT_USER_SETTINGS,
        joinBeforeHost: true,
        joinBeforeHostMinutes: 10,
        audio: 'VoIP',
        lobby: 'blockFromJoin',
        siteUrl: 'b.webex.com',
        templateId: 'VDE',
      }),
    ).toEqual({
      type: 'scheduled',
      joinBeforeHost: true,
      joinBeforeHostMinutes: 10,
      autoRecord: false,
      audio: { type: 'VoIP', tollFree: true, globalCallIn: true },
      lobby: 'blockFromJoin',
      siteUrl: 'b.webex.com',
      templateId: 'VDE',
    });
    // Minutes only with join before host (Webex ignores them otherwise).
    expect(meetingOptionDefaults({ ...DEFAULT_USER_SETTINGS, joinBeforeHostMinutes: 10 }).joinBeforeHostMinutes).toBe(0);
    expect(Object.keys(meetingOptionDefaults(DEFAULT_USER_SETTINGS))).toEqual([
      'type',
      'joinBeforeHost',
      'joinBeforeHostMinutes',
      'autoRecord',
    ]);
  });

  it('read stored option defaults tolerantly and check updates strictly', () => {
    expect(
      resolveUserSettings({
        audio: 'phone',
        lobby: 'allowJoinWithLobby',
        joinBeforeHostMinutes: 7,
        siteUrl: 'A.webex.com',
        templateId: 'x/y',
      }),
    ).toMatchObject({
      audio: 'default',
      lobby: 'allowJoinWithLobby',
      joinBeforeHostMinutes: 0,
      siteUrl: 'a.webex.com',
      templateId: '',
    });
    expect(
      parseUserSettingsUpdate({ audio: 'other', lobby: 'default', joinBeforeHostMinutes: 15, siteUrl: '', templateId: 'abc=' }),
    ).toEqual({
      ok: true,
      update: { audio: 'other', lobby: 'default', joinBeforeHostMinutes: 15, siteUrl: '', templateId: 'abc=' },
    });
    for (const body of [
      { audio: 'none' },
      { lobby: 1 },
      { joinBeforeHostMinutes: '5' },
      { siteUrl: 'https://a.webex.com' },
      { templateId: 'a b' },
    ]) {
      expect(parseUserSettingsUpdate(body).ok).toBe(false);
    }
  });
});
