/**
 * The Teams dev host (/teams-devhost.html): a page that plays Microsoft Teams for the Call tab.
 * Pick a person (the seeded users of the identity emulator), where the tab is (the personal app,
 * one of their chats, or a channel of their team), a theme and a language; the tab loads in a
 * frame and gets, through `window.webexTeamsDevHost`, what Teams would give it: the context, an
 * SSO token for the backend's API (the password grant with Teams' client id), the authorization
 * popup, and the theme as it changes. Calls the tab starts are listed in the call log instead of
 * leaving the page.
 *
 * Query parameters (all optional): identity and graph (default: the emulators of the stack that
 * built this page, from IDENTITY_EMULATOR_PORT and GRAPH_EMULATOR_PORT, else https://localhost:4001
 * and :4000), tab (./teams-tab.html), user (a UPN), where (personal | a chat id |
 * team:{teamId}:{channelId}), theme, locale, autostart=1. The tab is framed as Teams frames it,
 * with nothing added to its URL: it has its backend from its build, as in Teams.
 */
import {
  findSsoResource,
  loadConversations,
  loadUsers,
  requestSsoToken,
  type DevHostSources,
  type DevHostTeam,
  type DevHostUser,
} from './devhost-sources';
import { createStandIn, type StandInContext, type TeamsStandIn, type Theme } from './devhost-stand-in';

/** The emulators of the stack whose build served this page (webpack.config.js); absent in other builds. */
declare const __TEAMS_DEVHOST_EMULATORS__: { identityUrl: string; graphUrl: string } | undefined;
const builtFor = typeof __TEAMS_DEVHOST_EMULATORS__ === 'undefined' ? undefined : __TEAMS_DEVHOST_EMULATORS__;

const params = new URLSearchParams(window.location.search);
const sources: DevHostSources = {
  identityUrl: (params.get('identity') ?? builtFor?.identityUrl ?? 'https://localhost:4001').replace(/\/+$/, ''),
  graphUrl: (params.get('graph') ?? builtFor?.graphUrl ?? 'https://localhost:4000').replace(/\/+$/, ''),
};
const tabUrl = params.get('tab') ?? './teams-tab.html';

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the dev host page has no #${id}`);
  return el as T;
}

const userSelect = element<HTMLSelectElement>('user');
const whereSelect = element<HTMLSelectElement>('where');
const themeSelect = element<HTMLSelectElement>('theme');
const localeSelect = element<HTMLSelectElement>('locale');
const openButton = element<HTMLButtonElement>('open');
const frame = element<HTMLIFrameElement>('tab');
const callLog = element<HTMLOListElement>('calls');
const statusLine = element<HTMLParagraphElement>('status');

let users: DevHostUser[] = [];
let teams: DevHostTeam[] = [];
let resource: string | undefined;
const tokens = new Map<string, { token: string; expiresAt: number }>();

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function currentUser(): DevHostUser {
  const user = users.find((u) => u.id === userSelect.value);
  if (!user) throw new Error('choose a person first');
  return user;
}

function context(): StandInContext {
  const user = currentUser();
  const where = whereSelect.value;
  const base: StandInContext = {
    hostName: 'devhost',
    tenantId: user.tenantId,
    userObjectId: user.id,
    loginHint: user.upn,
    locale: localeSelect.value,
    theme: themeSelect.value as Theme,
  };
  if (where.startsWith('team:')) {
    // team:{team id}:{channel id}; the team id is a GUID, the channel id has colons of its own.
    const rest = where.slice('team:'.length);
    const teamId = rest.slice(0, rest.indexOf(':'));
    const channelId = rest.slice(rest.indexOf(':') + 1);
    const channel = teams.find((t) => t.id === teamId)?.channels.find((c) => c.id === channelId);
    return { ...base, channel: { teamId, channelId, displayName: channel?.displayName } };
  }
  return where === 'personal' ? base : { ...base, chatId: where };
}

async function ssoToken(forceRefresh: boolean): Promise<string> {
  const user = currentUser();
  const cached = tokens.get(user.id);
  if (!forceRefresh && cached && cached.expiresAt - Date.now() > 5 * 60_000) return cached.token;
  resource ??= params.get('resource') ?? (await findSsoResource(sources));
  const fresh = await requestSsoToken(sources, user, resource);
  tokens.set(user.id, fresh);
  return fresh.token;
}

function logCall(uri: string): void {
  const item = document.createElement('li');
  item.textContent = uri;
  callLog.prepend(item);
}

let standIn: TeamsStandIn | undefined;

function openTab(): void {
  standIn = createStandIn({
    context,
    ssoToken,
    openPopup: (url) => window.open(url, 'teams-auth', 'width=600,height=640'),
    onLaunch: logCall,
    onLoaded: () => (statusLine.textContent = `Tab loaded for ${currentUser().displayName}.`),
  });
  (window as unknown as Record<string, unknown>).webexTeamsDevHost = standIn;
  frame.src = new URL(tabUrl, window.location.href).toString();
  document.body.dataset.theme = themeSelect.value;
}

async function fillWhere(): Promise<void> {
  const user = currentUser();
  const { chats, teams: userTeams } = await loadConversations(sources, user.id);
  teams = userTeams;
  whereSelect.replaceChildren(option('personal', 'Personal app: Call tab'));
  for (const chat of chats) {
    const others = chat.members.filter((m) => m.userId !== user.id).map((m) => m.displayName);
    whereSelect.append(
      option(chat.id, chat.chatType === 'oneOnOne' ? `Chat with ${others.join(', ')}` : `Group chat: ${chat.topic ?? others.join(', ')}`),
    );
  }
  for (const team of userTeams) {
    for (const channel of team.channels)
      whereSelect.append(option(`team:${team.id}:${channel.id}`, `${team.displayName} › ${channel.displayName}`));
  }
  const wanted = params.get('where');
  if (wanted && [...whereSelect.options].some((o) => o.value === wanted)) whereSelect.value = wanted;
}

async function start(): Promise<void> {
  users = await loadUsers(sources);
  for (const u of users) userSelect.append(option(u.id, `${u.displayName} (${u.upn})${u.isTenantAdmin ? ' – admin' : ''}`));
  const wantedUser = params.get('user')?.toLowerCase();
  const preselected =
    users.find((u) => u.upn.toLowerCase() === wantedUser || u.id === wantedUser) ?? users.find((u) => !u.isTenantAdmin) ?? users[0];
  if (preselected) userSelect.value = preselected.id;
  const theme = params.get('theme');
  if (theme && ['default', 'dark', 'contrast'].includes(theme)) themeSelect.value = theme;
  const locale = params.get('locale');
  if (locale) {
    if (![...localeSelect.options].some((o) => o.value === locale)) localeSelect.append(option(locale, locale));
    localeSelect.value = locale;
  }
  await fillWhere();
  userSelect.addEventListener('change', () => void fillWhere().catch(showError));
  themeSelect.addEventListener('change', () => {
    document.body.dataset.theme = themeSelect.value;
    standIn?.setTheme(themeSelect.value as Theme);
  });
  openButton.addEventListener('click', openTab);
  statusLine.textContent = 'Choose a person and where the tab is, then open it.';
  if (params.get('autostart') === '1') openTab();
}

function showError(e: unknown): void {
  statusLine.textContent = `The dev host could not reach the emulators: ${e instanceof Error ? e.message : String(e)}`;
}

start().catch(showError);
