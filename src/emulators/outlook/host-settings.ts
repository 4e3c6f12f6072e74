/**
 * The dev host's settings, from its URL, so that a link reproduces a situation:
 *
 *   user=<upn>          the signed-in mailbox (default alex.wilber@contoso.example)
 *   owner=<upn>         open the appointment in this user's calendar, as their delegate (Office's
 *                       shared properties name them; saving writes into their calendar)
 *   eventId=<id>        open a saved event instead of a new appointment
 *   lang=ru-RU          Office's display language (default: the user's preferred language)
 *   theme=dark|contrast Office's theme (default light)
 *   tz=<IANA zone>      the mailbox's time zone (default the browser's)
 *   mailbox=1.13        the highest Mailbox requirement set reported (default 1.13)
 *   bodyRewrite=none|5482|5482,6778   how Outlook rewrites HTML the add-in writes (default 5482)
 *   pane=open           open the task pane at once
 *   taskpane=<path>     load another page as the task pane (the benchmark's bare Fluent page)
 *   launchEvents=off    do not run the launch-event page
 */
import type { ThemeColors } from './devhost-bridge';
import type { BodyRewrite } from './outlook-body-rewrite';
import { isKnownTimeZone } from './zoned-time';

export const DEFAULT_USER = 'alex.wilber@contoso.example';

export interface HostSettings {
  user: string;
  /** The calendar's owner when the user works in someone else's calendar. */
  owner?: string;
  eventId?: string;
  lang?: string;
  theme: 'light' | 'dark' | 'contrast';
  timeZone: string;
  mailboxVersion: string;
  bodyRewrite: BodyRewrite;
  openPane: boolean;
  taskpanePath?: string;
  launchEvents: boolean;
}

export const THEMES: Record<HostSettings['theme'], ThemeColors> = {
  light: {
    bodyBackgroundColor: '#FFFFFF',
    bodyForegroundColor: '#242424',
    controlBackgroundColor: '#FFFFFF',
    controlForegroundColor: '#242424',
  },
  dark: {
    bodyBackgroundColor: '#292929',
    bodyForegroundColor: '#FFFFFF',
    controlBackgroundColor: '#3D3D3D',
    controlForegroundColor: '#FFFFFF',
  },
  // Windows' "High Contrast #1" palette: yellow text on black.
  contrast: {
    bodyBackgroundColor: '#000000',
    bodyForegroundColor: '#FFFF00',
    controlBackgroundColor: '#000000',
    controlForegroundColor: '#FFFF00',
  },
};

export function readHostSettings(search: string, browserZone: string): HostSettings {
  const p = new URLSearchParams(search);
  const theme = p.get('theme');
  const tz = p.get('tz');
  const rewrite = (p.get('bodyRewrite') ?? '5482').replace(/\s+/g, '');
  const taskpane = p.get('taskpane');
  return {
    user: p.get('user')?.trim() || DEFAULT_USER,
    owner: p.get('owner')?.trim() || undefined,
    eventId: p.get('eventId')?.trim() || undefined,
    lang: p.get('lang')?.trim() || undefined,
    theme: theme === 'dark' || theme === 'contrast' ? theme : 'light',
    timeZone: tz && isKnownTimeZone(tz) ? tz : browserZone,
    mailboxVersion: /^1\.\d+$/.test(p.get('mailbox') ?? '') ? (p.get('mailbox') as string) : '1.13',
    bodyRewrite: rewrite === 'none' ? 'none' : rewrite === '5482,6778' || rewrite === '6778,5482' ? '5482+6778' : '5482',
    openPane: p.get('pane') === 'open',
    // Only a path on this origin: the pane must be able to reach the bridge.
    taskpanePath: taskpane && /^\/[\w\-./]*$/.test(taskpane) ? taskpane : undefined,
    launchEvents: p.get('launchEvents') !== 'off',
  };
}

/**
 * The requirement sets the dev host reports. Mailbox up to the setting (1.13 by default), dialogs
 * (DialogApi 1.2), and NOT NestedAppAuth: the add-in must take its Office-dialog sign-in, which
 * is the one the local identity emulator can serve.
 */
export function requirementSets(mailboxVersion: string): Record<string, string> {
  return { Mailbox: mailboxVersion, DialogApi: '1.2', DialogOrigin: '1.1' };
}
