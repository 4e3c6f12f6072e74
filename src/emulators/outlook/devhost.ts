/**
 * The Outlook dev host (https://localhost:3000/devhost.html): an appointment form that hosts the
 * add-in's real task pane, function command and launch-event page, with the stand-in Office.js
 * (office-loader.js) connected to it, signed in as a seeded local user. Saving writes the event
 * into the Graph emulator, with the add-in's custom properties as Outlook's extended property;
 * `?eventId=` opens a saved event. With `?owner=<upn>` the appointment is in that user's calendar,
 * opened by the signed-in user as their delegate: Office's shared properties name the owner (with
 * the delegate's permissions, read from the Graph emulator's delegation), the owner organizes it,
 * and saving writes it into the owner's calendar. The dev host does not refuse a user who is not
 * the owner's delegate: the backend must, which is what it lets one see. See host-settings.ts for
 * the other URL settings.
 *
 * What Outlook tells the add-in, the host tells it too: AppointmentTimeChanged, RecurrenceChanged,
 * RecipientsChanged and EnhancedLocationsChanged on every change of those fields (the user's or an
 * add-in's), and the launch events OnNewAppointmentOrganizer (a new appointment opens),
 * OnAppointmentTimeChanged and OnAppointmentRecurrenceChanged for the user's own edits.
 */
import { findWindows } from 'windows-iana';
import { AddinRuntimes } from './addin-runtimes';
import { onThisOrigin, parseAddinManifest, type AddinManifest } from './addin-manifest';
import { AppointmentDraft, type AppointmentState } from './appointment-draft';
import { bindAppointmentForm } from './appointment-form';
import { registerDialogWindows } from './dialog-windows';
import {
  CalendarError,
  calendarPermissions,
  createCalendarEvent,
  DEVHOST_GRAPH_PATH,
  readCalendarEvent,
  updateCalendarEvent,
} from './graph-calendar';
import { appointmentFromGraphEvent, appointmentToGraphEvent, type MailboxZone } from './graph-event-mapping';
import { HostBridgeServer } from './host-bridge-server';
import { DEFAULT_USER, readHostSettings, requirementSets, THEMES } from './host-settings';
import { registerMailboxItem, type SharedPropertiesJson } from './mailbox-item-service';
import { EventType } from './office-enums';
import { createOfficeSso } from './office-sso';
import { instantOfLocal, localOfInstant } from './zoned-time';

interface MailboxUser {
  id?: string;
  upn: string;
  displayName: string;
  mail: string;
  preferredLanguage: string;
}

const HOST_VERSION = '20250601001.01';

/** The identity emulator of the stack whose build served this page (webpack.config.js). */
declare const __OUTLOOK_DEVHOST_IDENTITY_URL__: string | undefined;
const IDENTITY_URL = typeof __OUTLOOK_DEVHOST_IDENTITY_URL__ === 'string' ? __OUTLOOK_DEVHOST_IDENTITY_URL__ : 'https://localhost:4001';

function el<T extends HTMLElement>(id: string): T {
  const found = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`devhost.html lacks data-testid="${id}"`);
  return found;
}

function log(event: string, detail: Record<string, unknown> = {}): void {
  const list = document.querySelector('[data-testid="devhost-log"]');
  const item = document.createElement('li');
  item.dataset.event = event;
  for (const [k, v] of Object.entries(detail)) if (typeof v === 'string' || typeof v === 'number') item.dataset[k] = String(v);
  item.textContent = `${new Date().toISOString().slice(11, 19)} ${event} ${Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')}`;
  list?.prepend(item);
  console.info(`[devhost] ${event}`, detail);
}

/** The mailboxes of the Graph emulator's directory (the identity emulator is seeded from the same one). */
async function loadUsers(): Promise<MailboxUser[]> {
  try {
    const res = await fetch(`${DEVHOST_GRAPH_PATH}/tenants`);
    const body = (await res.json()) as {
      value: Array<{
        users: Array<{ id: string; userPrincipalName: string; displayName: string; mail: string | null; preferredLanguage?: string }>;
      }>;
    };
    return body.value.flatMap((t) =>
      t.users.map((u) => ({
        id: u.id,
        upn: u.userPrincipalName,
        displayName: u.displayName,
        mail: u.mail ?? u.userPrincipalName,
        preferredLanguage: u.preferredLanguage ?? 'en-US',
      })),
    );
  } catch {
    return [];
  }
}

async function loadManifest(): Promise<AddinManifest> {
  const res = await fetch('/manifest.xml', { cache: 'no-store' });
  if (!res.ok) throw new Error(`manifest.xml: HTTP ${res.status}`);
  return parseAddinManifest(await res.text());
}

/** Office.MailboxEnums.DelegatePermissions by the role the owner gave in Outlook (a delegate edits and deletes everything). */
const PERMISSIONS_OF_ROLE: Record<string, number> = {
  read: 1,
  write: 1 | 2 | 4 | 8 | 16 | 32,
  delegateWithoutPrivateEventAccess: 1 | 2 | 4 | 8 | 16 | 32,
  delegateWithPrivateEventAccess: 1 | 2 | 4 | 8 | 16 | 32,
};

/** The shared properties Office gives a delegate in `owner`'s calendar. */
async function sharedPropertiesFor(owner: MailboxUser, delegate: MailboxUser): Promise<SharedPropertiesJson> {
  const granted = (await calendarPermissions(owner.upn).catch(() => [])).find(
    (p) => p.delegate.toLowerCase() === delegate.id?.toLowerCase(),
  );
  return {
    owner: owner.mail,
    delegatePermissions: granted ? (PERMISSIONS_OF_ROLE[granted.role] ?? 0) : 0,
    targetMailbox: owner.mail,
    targetRestUrl: `${location.origin}/api`,
  };
}

/** A new appointment as Outlook opens one: the next half hour, thirty minutes long. */
function newAppointment(zone: MailboxZone): AppointmentState {
  const local = localOfInstant(Date.now(), zone.iana);
  const minutes = Number(local.slice(14, 16));
  const base = instantOfLocal(`${local.slice(0, 13)}:00`, zone.iana)!;
  const start = base + (minutes < 30 ? 30 : 60) * 60_000;
  return {
    subject: '',
    start,
    end: start + 30 * 60_000,
    isAllDay: false,
    location: '',
    enhancedLocations: [],
    bodyHtml: '',
    requiredAttendees: [],
    optionalAttendees: [],
    recurrence: null,
    customProperties: undefined,
    eventId: undefined,
    notifications: [],
  };
}

async function main(): Promise<void> {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const settings = readHostSettings(location.search, browserZone);
  const zone: MailboxZone = { iana: settings.timeZone, windows: findWindows(settings.timeZone)[0] ?? 'UTC' };
  document.body.classList.add(`theme-${settings.theme}`);

  const [manifest, users] = await Promise.all([loadManifest(), loadUsers()]);
  const user = users.find((u) => u.upn.toLowerCase() === settings.user.toLowerCase()) ?? {
    upn: settings.user,
    displayName: settings.user === DEFAULT_USER ? 'Alex Wilber' : settings.user,
    mail: settings.user,
    preferredLanguage: 'en-US',
  };
  const language = settings.lang ?? user.preferredLanguage;
  const roamingKey = `devhost.roaming.${manifest.id}.${user.upn.toLowerCase()}`;
  const roaming = JSON.parse(localStorage.getItem(roamingKey) ?? '{}') as Record<string, unknown>;

  const picker = el<HTMLSelectElement>('devhost-user');
  picker.replaceChildren(
    ...(users.length ? users : [user]).map((u) => {
      const option = document.createElement('option');
      option.value = u.upn;
      option.textContent = `${u.displayName} <${u.upn}>`;
      option.selected = u.upn === user.upn;
      return option;
    }),
  );
  picker.addEventListener('change', () => {
    // Another mailbox is another Outlook session: start over as that user.
    const next = new URLSearchParams(location.search);
    next.set('user', picker.value);
    next.delete('eventId');
    location.search = next.toString();
  });

  // Someone else's calendar, opened as their delegate: the owner organizes, and holds the item.
  const owner =
    settings.owner && settings.owner.toLowerCase() !== user.upn.toLowerCase()
      ? (users.find(
          (u) => u.upn.toLowerCase() === settings.owner?.toLowerCase() || u.mail.toLowerCase() === settings.owner?.toLowerCase(),
        ) ?? {
          upn: settings.owner,
          displayName: settings.owner,
          mail: settings.owner,
          preferredLanguage: 'en-US',
        })
      : undefined;
  const mailbox = owner ?? user;
  const shared = owner ? await sharedPropertiesFor(owner, user) : undefined;

  const draft = new AppointmentDraft(newAppointment(zone));
  const form = bindAppointmentForm(document.body, draft, zone);
  const server = new HostBridgeServer((session) => ({
    displayLanguage: language,
    theme: THEMES[settings.theme],
    requirementSets: requirementSets(settings.mailboxVersion),
    hostOrigin: location.origin,
    mailbox:
      session.kind === 'dialog'
        ? undefined
        : {
            userProfile: { displayName: user.displayName, emailAddress: user.mail, timeZone: zone.windows, accountType: 'enterprise' },
            hostVersion: HOST_VERSION,
            item: { itemType: 'appointment' },
            roamingSettings: roaming,
          },
  }));
  server.publish(window);
  server.onConnect((session) => log('runtime-connected', { kind: session.kind }));

  const save = async (): Promise<string> => {
    const body = appointmentToGraphEvent(draft.state, manifest.id, zone);
    const id = draft.state.eventId;
    const saved = id ? await updateCalendarEvent(mailbox.upn, id, body) : await createCalendarEvent(mailbox.upn, body);
    const savedId = String(saved.id);
    draft.update({ eventId: savedId }, 'host');
    const next = new URLSearchParams(location.search);
    next.set('eventId', savedId);
    history.replaceState(null, '', `${location.pathname}?${next.toString()}`);
    form.setEventId(savedId);
    log('saved', { eventId: savedId });
    return savedId;
  };

  registerMailboxItem(server, {
    draft,
    organizer: { emailAddress: mailbox.mail, displayName: mailbox.displayName },
    ...(shared ? { shared } : {}),
    bodyRewrite: settings.bodyRewrite,
    save,
    insertAtCaret: (html) => form.insertAtCaret(html),
    saveRoamingSettings: (values) => localStorage.setItem(roamingKey, JSON.stringify(values)),
    onClose: () => {
      log('item-closed');
      form.setStatus('The add-in closed the item.');
    },
  });
  registerDialogWindows(server, { host: window, overlay: el('devhost-dialog-overlay'), log });
  // Office's single sign-on, for the signed-in user (office-sso.ts); dialogs have no Office.auth.
  const officeSso = createOfficeSso({ identityUrl: IDENTITY_URL, resource: manifest.ssoResource, user: user.upn });
  server.handle('auth.getAccessToken', () => officeSso());

  const runtimes = new AddinRuntimes({
    host: window,
    server,
    taskpaneUrl: settings.taskpanePath ? `${location.origin}${settings.taskpanePath}` : onThisOrigin(manifest.taskpaneUrl, location.origin),
    functionFileUrl: onThisOrigin(manifest.functionFileUrl, location.origin),
    launchEventUrl: manifest.launchEventUrl ? onThisOrigin(manifest.launchEventUrl, location.origin) : undefined,
    paneContainer: el('devhost-taskpane'),
    hiddenContainer: el('devhost-runtimes'),
    log,
  });

  const fireLaunchEvent = (type: string) => {
    const handler = manifest.launchEvents[type];
    if (!settings.launchEvents || !handler) return;
    log('launch-event', { type });
    runtimes.fireLaunchEvent(type, handler).then(
      (c) => log('launch-event-completed', { type, ms: c.ms }),
      (thrown: unknown) => log('launch-event-failed', { type, message: thrown instanceof Error ? thrown.message : String(thrown) }),
    );
  };

  draft.onChange((s, change) => {
    const item = (eventType: string, args: Record<string, unknown>) =>
      server.broadcast({ type: 'itemEvent', eventType, args }, ['taskpane', 'function', 'launchevent']);
    if (change.kinds.has('time'))
      item(EventType.AppointmentTimeChanged, { start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() });
    if (change.kinds.has('recurrence')) item(EventType.RecurrenceChanged, { recurrence: s.recurrence });
    if (change.kinds.has('recipients'))
      item(EventType.RecipientsChanged, {
        changedRecipientFields: { requiredAttendees: true, optionalAttendees: false, resources: false },
      });
    if (change.kinds.has('locations')) item(EventType.EnhancedLocationsChanged, { enhancedLocations: s.enhancedLocations });
    if (change.source === 'user' && change.kinds.has('time')) fireLaunchEvent('OnAppointmentTimeChanged');
    if (change.source === 'user' && change.kinds.has('recurrence')) fireLaunchEvent('OnAppointmentRecurrenceChanged');
  });

  el('devhost-open-taskpane').addEventListener('click', () => (runtimes.taskPaneOpen ? runtimes.closeTaskPane() : runtimes.openTaskPane()));
  el('devhost-close-taskpane').addEventListener('click', () => runtimes.closeTaskPane());
  el('devhost-save').addEventListener('click', () => {
    form.setStatus('Saving…');
    save().then(
      () => form.setStatus('Saved'),
      (thrown: unknown) => {
        const code = thrown instanceof CalendarError ? thrown.code : 'save_failed';
        form.setStatus(`Not saved (${code}): ${thrown instanceof Error ? thrown.message : String(thrown)}`, 'error');
        log('save-failed', { code });
      },
    );
  });
  const command = el<HTMLButtonElement>('devhost-command-add-webex');
  command.addEventListener('click', () => {
    const name = manifest.commandFunction;
    if (!name) return form.setStatus('The manifest has no function command.', 'error');
    command.dataset.state = 'running';
    log('command', { name });
    runtimes.runCommand(name).then(
      (c) => {
        command.dataset.state = 'completed';
        log('command-completed', { name, ms: c.ms });
      },
      (thrown: unknown) => {
        command.dataset.state = 'failed';
        log('command-failed', { name, message: thrown instanceof Error ? thrown.message : String(thrown) });
      },
    );
  });

  if (settings.eventId) {
    try {
      const event = await readCalendarEvent(mailbox.upn, settings.eventId, manifest.id);
      draft.update(appointmentFromGraphEvent(event, manifest.id, zone), 'host');
      form.setEventId(draft.state.eventId);
      log('opened', { eventId: settings.eventId });
    } catch (thrown) {
      const code = thrown instanceof CalendarError ? thrown.code : 'open_failed';
      form.setStatus(`The event could not be opened (${code}).`, 'error');
      log('open-failed', { code });
    }
  } else {
    fireLaunchEvent('OnNewAppointmentOrganizer');
  }

  (window as unknown as { devhost: unknown }).devhost = Object.freeze({
    /** The appointment as the host holds it (tests and the console read it). */
    snapshot: () => JSON.parse(JSON.stringify(draft.state)) as AppointmentState,
    addinId: manifest.id,
    user: user.upn,
    owner: owner?.upn,
  });
  document.body.dataset.ready = 'true';
  if (owner) {
    form.setStatus(`In ${owner.displayName}’s calendar, as their delegate.`);
    log('shared-calendar', { owner: owner.upn, delegatePermissions: shared?.delegatePermissions ?? 0 });
  }
  log('ready', { user: user.upn, language, zone: zone.iana });
  if (settings.openPane) runtimes.openTaskPane();
}

main().catch((thrown: unknown) => {
  const err = thrown instanceof Error ? thrown : new Error(String(thrown));
  const status = document.querySelector('[data-testid="devhost-status"]');
  if (status) status.textContent = `The dev host could not start: ${err.message}`;
  document.body.dataset.ready = 'failed';
  console.error(err);
});
