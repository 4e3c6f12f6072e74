/** The Webex choices' labels and the templates offered for a site (kept apart from webex-options-fields.tsx, which is loaded on first show). */
import type { MeetingChoices } from '../../api/api-types';

/** The templates of the site the meeting goes to ('': the preferred one). */
export function templatesOf(choices: MeetingChoices | undefined, siteUrl: string): MeetingChoices['templates'] {
  if (!choices) return [];
  const site = siteUrl || choices.sites.find((s) => s.preferred)?.siteUrl;
  return choices.templates.filter((t) => site === undefined || t.siteUrl === site);
}

/** The message of each audio connection type and lobby rule. */
export const AUDIO_LABEL = { webexAudio: 'options.audioWebex', VoIP: 'options.audioVoip', other: 'options.audioOther' } as const;
export const LOBBY_LABEL = {
  allowJoin: 'options.lobbyAllowJoin',
  allowJoinWithLobby: 'options.lobbyWait',
  blockFromJoin: 'options.lobbyBlock',
} as const;
