/**
 * The meeting templates of a Webex site (webex-meeting.json: List Meeting Templates,
 * TemplateObject, DetailedTemplateObject): every site has Webex's standard meeting template (the
 * site's default) and webinar template, and one template of its own whose settings differ from
 * the defaults (join before host 10 minutes, computer audio only, a lobby for uninvited people),
 * so that creating from it can be seen in the meeting. Ids are opaque and stable per site.
 */
import type { AudioConnectionOptions, JoinSecurity } from './meeting-input';

export interface MeetingTemplate {
  id: string;
  name: string;
  locale: string;
  siteUrl: string;
  templateType: 'meeting' | 'webinar';
  isDefault: boolean;
  isStandard: boolean;
  /** The meeting settings a meeting created from it starts with. */
  settings: {
    enabledJoinBeforeHost?: boolean;
    joinBeforeHostMinutes?: number;
    enableConnectAudioBeforeHost?: boolean;
    unlockedMeetingJoinSecurity?: JoinSecurity;
    enabledAutoRecordMeeting?: boolean;
    audioConnectionOptions?: Partial<AudioConnectionOptions>;
  };
}

const LOCALE = 'en_US';

function templateId(siteUrl: string, key: string): string {
  return Buffer.from(`${siteUrl}:${key}:${LOCALE}`).toString('base64url');
}

export function siteTemplates(siteUrl: string): MeetingTemplate[] {
  const base = { locale: LOCALE, siteUrl };
  return [
    {
      ...base,
      id: templateId(siteUrl, 'standard-meeting'),
      name: 'Webex Meetings',
      templateType: 'meeting',
      isDefault: true,
      isStandard: true,
      settings: {},
    },
    {
      ...base,
      id: templateId(siteUrl, 'team-meeting'),
      name: 'Team meeting (lobby, computer audio)',
      templateType: 'meeting',
      isDefault: false,
      isStandard: false,
      settings: {
        enabledJoinBeforeHost: true,
        joinBeforeHostMinutes: 10,
        enableConnectAudioBeforeHost: true,
        unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
        audioConnectionOptions: { audioConnectionType: 'VoIP' },
      },
    },
    {
      ...base,
      id: templateId(siteUrl, 'standard-webinar'),
      name: 'Webex Webinars',
      templateType: 'webinar',
      isDefault: true,
      isStandard: true,
      settings: {},
    },
  ];
}

/** The template with this id among the sites' templates. */
export function findTemplate(siteUrls: readonly string[], id: string): MeetingTemplate | undefined {
  for (const site of siteUrls) {
    const found = siteTemplates(site).find((t) => t.id === id);
    if (found) return found;
  }
  return undefined;
}

/** TemplateObject as List Meeting Templates writes it. */
export function templateJson(t: MeetingTemplate): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    locale: t.locale,
    siteUrl: t.siteUrl,
    templateType: t.templateType,
    isDefault: t.isDefault,
    isStandard: t.isStandard,
  };
}
