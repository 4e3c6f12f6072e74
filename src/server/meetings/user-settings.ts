/**
 * A user's meeting preferences (PUT /api/me/settings), stored as JSON beside the user row. Only
 * preferences: nothing personal. Stored values are read tolerantly (a key written by an older or
 * newer version falls back to its default); updates are checked strictly.
 */
import { DEFAULT_USER_SETTINGS, type UserSettings } from '../../core/api-types';
import type { MeetingOptions, MeetingType } from '../../core/meeting-draft';

const BOOLEAN_KEYS = ['password', 'joinBeforeHost', 'autoRecord', 'addToEveryNewMeeting', 'allowDelegates'] as const;
const MEETING_TYPES: readonly string[] = ['scheduled', 'personalRoom'];

/** The settings in force: stored values where valid, defaults elsewhere. */
export function resolveUserSettings(stored: Record<string, unknown> | undefined): UserSettings {
  const settings: UserSettings = { ...DEFAULT_USER_SETTINGS };
  if (!stored) return settings;
  if (typeof stored.defaultMeetingType === 'string' && MEETING_TYPES.includes(stored.defaultMeetingType)) {
    settings.defaultMeetingType = stored.defaultMeetingType as MeetingType;
  }
  for (const key of BOOLEAN_KEYS) {
    if (typeof stored[key] === 'boolean') settings[key] = stored[key];
  }
  return settings;
}

export type SettingsUpdateResult = { ok: true; update: Partial<UserSettings> } | { ok: false; field: string; message: string };

/** Checks an update: any subset of the settings, each of the right type; nothing else. */
export function parseUserSettingsUpdate(body: unknown): SettingsUpdateResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: 'body', message: 'The settings must be a JSON object.' };
  }
  const input = body as Record<string, unknown>;
  const update: Partial<UserSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'defaultMeetingType') {
      if (typeof value !== 'string' || !MEETING_TYPES.includes(value)) {
        return { ok: false, field: key, message: 'The default meeting type must be "scheduled" or "personalRoom".' };
      }
      update.defaultMeetingType = value as MeetingType;
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') return { ok: false, field: key, message: `"${key}" must be true or false.` };
      update[key as (typeof BOOLEAN_KEYS)[number]] = value;
    } else {
      return { ok: false, field: key, message: `"${key}" is not a setting.` };
    }
  }
  return { ok: true, update };
}

/** The meeting options a user's settings imply when a draft does not say. */
export function meetingOptionDefaults(settings: UserSettings): Partial<MeetingOptions> {
  return {
    type: settings.defaultMeetingType,
    joinBeforeHost: settings.joinBeforeHost,
    autoRecord: settings.autoRecord,
  };
}
