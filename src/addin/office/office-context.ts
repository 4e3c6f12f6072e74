/// <reference types="office-js" />
/**
 * The add-in's view of its host: whether Office.js is there, which requirement sets the client
 * supports, the UI language, the theme, the user's time zone, and the item being edited. Every
 * other module reaches `Office` through here or through the other wrappers of this folder.
 */
import { officeCall } from './office-call';
import { OfficeError } from './office-error';

/** The colors Office gives add-ins for its current theme (Mailbox 1.14; absent on older clients). */
export interface OfficeThemeColors {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
}

export function officeGlobal(): typeof Office | undefined {
  return (globalThis as { Office?: typeof Office }).Office;
}

function requireOffice(): typeof Office {
  const office = officeGlobal();
  if (!office?.context) throw new OfficeError('office_unavailable', 'Office.js is not loaded.');
  return office;
}

/** Resolves once Office.js has initialized (immediately outside Office, so pages open in a browser still render). */
export function whenOfficeReady(): Promise<{ host: string | null }> {
  const office = officeGlobal();
  if (!office?.onReady) return Promise.resolve({ host: null });
  return office.onReady().then((info) => ({ host: info.host === null || info.host === undefined ? null : String(info.host) }));
}

/**
 * Whether the client supports a requirement set. Clients without the requirements API (old
 * Outlook) support only Mailbox 1.1, so anything else counts as unsupported there.
 */
export function isSetSupported(name: string, minVersion?: string): boolean {
  const requirements = officeGlobal()?.context?.requirements;
  if (!requirements || typeof requirements.isSetSupported !== 'function')
    return name === 'Mailbox' && (minVersion === undefined || minVersion === '1.1');
  try {
    return requirements.isSetSupported(name, minVersion);
  } catch {
    return false;
  }
}

/** Office's UI language as a BCP 47 tag ("ru-RU"), or undefined outside Office. */
export function displayLanguage(): string | undefined {
  const language = officeGlobal()?.context?.displayLanguage;
  return typeof language === 'string' && language !== '' ? language : undefined;
}

/** Office's theme colors, when the client shares them. */
export function officeTheme(): OfficeThemeColors | undefined {
  try {
    const theme = officeGlobal()?.context?.officeTheme;
    if (!theme || typeof theme.bodyBackgroundColor !== 'string') return undefined;
    return {
      bodyBackgroundColor: theme.bodyBackgroundColor,
      bodyForegroundColor: theme.bodyForegroundColor,
      controlBackgroundColor: theme.controlBackgroundColor,
      controlForegroundColor: theme.controlForegroundColor,
    };
  } catch {
    // Some clients throw from the getter where the API is not supported.
    return undefined;
  }
}

/**
 * Calls `listener` when the user switches Office's theme (OfficeThemeChanged, Mailbox 1.14).
 * Resolves to a function that stops listening; does nothing where the event is not supported.
 */
export async function onOfficeThemeChanged(listener: (theme: OfficeThemeColors | undefined) => void): Promise<() => Promise<void>> {
  const mailbox = officeGlobal()?.context?.mailbox;
  if (!mailbox || typeof mailbox.addHandlerAsync !== 'function' || !isSetSupported('Mailbox', '1.14')) return async () => undefined;
  const eventType = 'officeThemeChanged';
  await officeCall<void>((cb) => mailbox.addHandlerAsync(eventType, () => listener(officeTheme()), cb));
  return () => officeCall<void>((cb) => mailbox.removeHandlerAsync(eventType, cb));
}

/**
 * The time zone of the user's mailbox: a Windows name on some clients ("Pacific Standard Time"),
 * an IANA name on others. Falls back to the browser's zone.
 */
export function userTimeZone(): string {
  let zone: unknown;
  try {
    zone = officeGlobal()?.context?.mailbox?.userProfile?.timeZone;
  } catch {
    zone = undefined;
  }
  if (typeof zone === 'string' && zone.trim() !== '') return zone.trim();
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The signed-in mailbox's address (the organizer of the appointment being edited), when Office says. */
export function userEmail(): string | undefined {
  try {
    const email = officeGlobal()?.context?.mailbox?.userProfile?.emailAddress;
    return typeof email === 'string' && email.trim() !== '' ? email.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The item being edited, typed as the appointment in compose mode this add-in is activated for. */
export function composeItem(): Office.AppointmentCompose {
  const item = requireOffice().context.mailbox?.item as Office.AppointmentCompose | null | undefined;
  if (!item) throw new OfficeError('office_unavailable', 'No item is open.');
  return item;
}

/** The signed-in account's ids as Office knows them (Office.auth.getAuthContext, NestedAppAuth 1.1), or undefined where the client cannot say. */
export async function officeAuthContext(): Promise<{ userPrincipalName?: string; tenantId?: string; userObjectId?: string } | undefined> {
  const auth = officeGlobal()?.auth as { getAuthContext?: () => Promise<Office.AuthContext> } | undefined;
  if (typeof auth?.getAuthContext !== 'function' || !isSetSupported('NestedAppAuth', '1.1')) return undefined;
  try {
    const context = await auth.getAuthContext();
    const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
    return {
      userPrincipalName: text(context?.userPrincipalName),
      tenantId: text(context?.tenantId),
      userObjectId: text(context?.userObjectId),
    };
  } catch {
    return undefined;
  }
}
