/**
 * The user's settings live in the backend (GET /api/me, PUT /api/me/settings); a copy is kept in
 * the add-in's roaming settings for the launch event on new appointments, which must decide at
 * once whether to add a meeting and should not wait for the network to find out it need not.
 */
import type { ApiClient } from '../api/api-client';
import { DEFAULT_SETTINGS, type UserSettings } from '../api/api-types';
import type { RoamingSettings } from '../office/roaming-settings';

export const SETTINGS_CACHE_KEY = 'webexSchedulerSettings';

const BOOLEAN_KEYS = ['password', 'joinBeforeHost', 'autoRecord', 'addToEveryNewMeeting'] as const;

/** The cached settings, or undefined when none (or something unreadable) is cached. */
export function cachedSettings(roaming: RoamingSettings): UserSettings | undefined {
  let raw: unknown;
  try {
    raw = roaming.get(SETTINGS_CACHE_KEY);
    if (typeof raw === 'string') raw = JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const stored = raw as Record<string, unknown>;
  const settings: UserSettings = { ...DEFAULT_SETTINGS };
  if (stored.defaultMeetingType === 'scheduled' || stored.defaultMeetingType === 'personalRoom')
    settings.defaultMeetingType = stored.defaultMeetingType;
  for (const key of BOOLEAN_KEYS) if (typeof stored[key] === 'boolean') settings[key] = stored[key];
  return settings;
}

function same(a: UserSettings | undefined, b: UserSettings): boolean {
  return a !== undefined && a.defaultMeetingType === b.defaultMeetingType && BOOLEAN_KEYS.every((k) => a[k] === b[k]);
}

/** Stores the settings when they differ from the cached ones; resolves to whether it wrote. */
export async function cacheSettings(roaming: RoamingSettings, settings: UserSettings): Promise<boolean> {
  if (same(cachedSettings(roaming), settings)) return false;
  roaming.set(SETTINGS_CACHE_KEY, { ...settings });
  await roaming.save();
  return true;
}

/** Changes settings in the backend, then refreshes the cache with what the backend says is in force. */
export async function saveSettings(
  deps: { api: Pick<ApiClient, 'updateSettings'>; roaming: RoamingSettings },
  update: Partial<UserSettings>,
): Promise<UserSettings> {
  const settings = await deps.api.updateSettings(update);
  await cacheSettings(deps.roaming, settings);
  return settings;
}
