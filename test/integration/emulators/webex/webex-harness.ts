/**
 * Starts the Webex emulator in-process for a test file and talks to it over HTTPS the way the
 * product's client will (fetch, Bearer tokens, JSON).
 */
import { readDevCerts } from '../../../../scripts/dev-certs';
import { defaultDirectory, otherDirectory } from '../../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../../src/server/config';
import { createWebexEmulator, WebexEmulator, WebexEmulatorOptions } from '../../../../src/emulators/webex/webex-emulator';

export const CONTOSO = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const FABRIKAM = otherDirectory();
/** Contoso's tenant admin (a Webex admin). */
export const ADELE = 'adele.vance@contoso.example';
export const ALEX = 'alex.wilber@contoso.example';
export const MEGAN = 'megan.bowen@contoso.example';
/** In the other org. */
export const ROSA = 'rosa.marquez@fabrikam.example';

export const REDIRECT_URI = 'http://localhost:3001/auth/webex/callback';

export async function startWebex(options: WebexEmulatorOptions = {}): Promise<WebexEmulator> {
  const certs = readDevCerts();
  const emulator = createWebexEmulator({
    tls: { key: certs.key, cert: certs.cert },
    directories: [CONTOSO, FABRIKAM],
    integrations: [
      {
        clientId: LOCAL_APP.webexClientId,
        clientSecret: LOCAL_APP.webexClientSecret,
        redirectUris: [REDIRECT_URI],
        name: 'Webex Scheduler for Outlook',
      },
    ],
    ...options,
  });
  await emulator.listen();
  return emulator;
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP call; parses JSON bodies, leaves others as text. */
export async function call<T = Record<string, unknown>>(base: string, path: string, opts: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await fetch(`${base}${path}`, { method: opts.method ?? 'GET', headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * A UTC slot `days` days ahead at `hourUtc`:00, lasting `minutes` (as ISO strings with Z), so tests do
 * not depend on the day they run.
 */
export function slot(days: number, hourUtc = 17, minutes = 60): { start: string; end: string; startMs: number } {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return { start: d.toISOString(), end: new Date(d.getTime() + minutes * 60_000).toISOString(), startMs: d.getTime() };
}

/** The next date (UTC midnight) at least `days` ahead that falls on `weekday` (0 = Sunday). */
export function nextWeekday(weekday: number, days = 2): Date {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(0, 0, 0, 0);
  while (d.getUTCDay() !== weekday) d.setTime(d.getTime() + DAY);
  return d;
}

/** `yyyyMMddTHHmmssZ` of an instant. */
export function stampOf(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export interface WebexErrorShape {
  message: string;
  errors: { description: string; code?: string }[];
  trackingId: string;
}

/** Asserts Webex's error body and returns the reason code the emulator put in errors[0].code. */
export function errorCode(reply: Reply<unknown>): string | undefined {
  const b = reply.body as WebexErrorShape;
  expect(typeof b.message).toBe('string');
  expect(Array.isArray(b.errors)).toBe(true);
  expect(typeof b.errors[0]?.description).toBe('string');
  expect(b.trackingId).toMatch(/^ROUTER_[0-9A-F-]{36}$/);
  return b.errors[0]?.code;
}
