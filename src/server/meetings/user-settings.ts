/**
 * A user's meeting preferences (PUT /api/me/settings), stored as JSON beside the user row. Only
 * preferences: nothing personal. Stored values are read tolerantly (a key written by an older or
 * newer version falls back to its default); updates are checked strictly.
 */
import { DEFAULT_USER_SETTINGS, type UserSettings } from '../../core/api-types';
import {
  AUDIO_TYPES,
  JOIN_BEFORE_HOST_MINUTES,
  LOBBY_RULES,
  type JoinBeforeHostMinutes,
  type MeetingOptions,
  type MeetingType,
} from '../../core/meeting-draft';

const BOOLEAN_KEYS = ['password', 'joinBeforeHost', 'autoRecord', 'addToEveryNewMeeting', 'allowDelegates'] as const;
const MEETING_TYPES: readonly string[] = ['scheduled', 'personalRoom'];
const AUDIO_SETTINGS: readonly string[] = ['default', ...AUDIO_TYPES];
const LOBBY_SETTINGS: readonly string[] = ['default', ...LOBBY_RULES];
// The same shapes the meeting draft accepts (src/core/meeting-draft.ts); '' clears.
const SITE_URL = /^$|^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const TEMPLATE_ID = /^[A-Za-z0-9_=+-]{0,512}$/;

/** The keys whose value is one of a list, and the list. */
const CHOICE_KEYS = {
  audio: AUDIO_SETTINGS,
  lobby: LOBBY_SETTINGS,
} as const;

function validString(key: 'siteUrl' | 'templateId', value: unknown): value is string {
  return typeof value === 'string' && (key === 'siteUrl' ? SITE_URL : TEMPLATE_ID).test(value);
}

/** Whether a value is a template id as the templateId setting takes it ('' clears); the organization's default takes the same. */
export function isTemplateIdSetting(value: unknown): value is string {
  return validString('templateId', value);
}

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
  if ((JOIN_BEFORE_HOST_MINUTES as readonly unknown[]).includes(stored.joinBeforeHostMinutes))
    settings.joinBeforeHostMinutes = stored.joinBeforeHostMinutes as JoinBeforeHostMinutes;
  if (typeof stored.audio === 'string' && AUDIO_SETTINGS.includes(stored.audio)) settings.audio = stored.audio as UserSettings['audio'];
  if (typeof stored.lobby === 'string' && LOBBY_SETTINGS.includes(stored.lobby)) settings.lobby = stored.lobby as UserSettings['lobby'];
  if (validString('siteUrl', stored.siteUrl)) settings.siteUrl = stored.siteUrl.toLowerCase();
  if (validString('templateId', stored.templateId)) settings.templateId = stored.templateId;
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
    } else if (key === 'joinBeforeHostMinutes') {
      if (!(JOIN_BEFORE_HOST_MINUTES as readonly unknown[]).includes(value))
        return { ok: false, field: key, message: 'Attendees may join 0, 5, 10 or 15 minutes before the host.' };
      update.joinBeforeHostMinutes = value as JoinBeforeHostMinutes;
    } else if (key === 'audio' || key === 'lobby') {
      if (typeof value !== 'string' || !CHOICE_KEYS[key].includes(value))
        return { ok: false, field: key, message: `"${key}" must be one of ${CHOICE_KEYS[key].join(', ')}.` };
      if (key === 'audio') update.audio = value as UserSettings['audio'];
      else update.lobby = value as UserSettings['lobby'];
    } else if (key === 'siteUrl' || key === 'templateId') {
      if (!validString(key, value))
        return {
          ok: false,
          field: key,
          message:
            key === 'siteUrl' ? 'The site must be a Webex site address or empty.' : 'The template must be a Webex template id or empty.',
        };
      update[key] = key === 'siteUrl' ? value.toLowerCase() : value;
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
    joinBeforeHostMinutes: settings.joinBeforeHost ? settings.joinBeforeHostMinutes : 0,
    autoRecord: settings.autoRecord,
    ...(settings.audio !== 'default' ? { audio: { type: settings.audio, tollFree: true, globalCallIn: true } } : {}),
    ...(settings.lobby !== 'default' ? { lobby: settings.lobby } : {}),
    ...(settings.siteUrl !== '' ? { siteUrl: settings.siteUrl } : {}),
    ...(settings.templateId !== '' ? { templateId: settings.templateId } : {}),
  };
}
