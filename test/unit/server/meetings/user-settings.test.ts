import { DEFAULT_USER_SETTINGS } from '../../../../src/core/api-types';
import {
  meetingOptionDefaults,
  parseUserSettingsUpdate,
  resolveUserSettings,
} from '../../../../src/server/meetings/user-settings';

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
      autoRecord: false,
    });
  });
});
