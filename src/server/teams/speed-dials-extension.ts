/**
 * Speed dials as an open extension on the user (https://learn.microsoft.com/graph/extensibility-overview#open-extensions):
 * kept in the user's own Microsoft profile, not in our database, so that they follow the user to
 * every device and leave with the user's account. Pure: the validation of what the tab sends and
 * the encoding both ways.
 *
 * What Graph allows shapes the encoding: an open extension holds primitive values or arrays of
 * primitive values only, and at most 2 KB on a directory object. So the list is kept as parallel
 * arrays of strings (the i-th entry of each is the i-th speed dial, '' for "none"), which is the
 * smallest form within those rules, and what does not fit is refused before Graph is asked.
 */
import type { SpeedDial } from '../../core/teams-api-types';

/** The extension's name: reverse-DNS, as Graph asks, in a namespace of this project. */
export const SPEED_DIALS_EXTENSION = 'org.webexscheduler.teamsCalling.speedDials';
export const SPEED_DIALS_VERSION = 1;
export const MAX_SPEED_DIALS = 12;
/** Graph's limit per open extension on a directory object. */
export const MAX_EXTENSION_BYTES = 2048;

const LIMITS = { displayName: 64, number: 32, address: 128 } as const;
const NUMBER = /^[+0-9][0-9 ()./*#x-]*$/i;
const ADDRESS = /^[^\s@"<>]+@[^\s@"<>]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SpeedDialsProperties {
  version: number;
  names: string[];
  numbers: string[];
  addresses: string[];
  userIds: string[];
}

export type SpeedDialsProblem = { code: 'invalid_request'; message: string } | { code: 'speed_dials_full'; message: string };

/** Checks the list the tab sends: at most MAX_SPEED_DIALS, each with a name and a number or an address. */
export function parseSpeedDialsUpdate(body: unknown): { speedDials: SpeedDial[] } | { problem: SpeedDialsProblem } {
  const bad = (message: string) => ({ problem: { code: 'invalid_request' as const, message } });
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { speedDials?: unknown }).speedDials)) {
    return bad('Send { "speedDials": [...] }.');
  }
  const list = (body as { speedDials: unknown[] }).speedDials;
  if (list.length > MAX_SPEED_DIALS) return { problem: { code: 'speed_dials_full', message: `At most ${MAX_SPEED_DIALS} speed dials.` } };
  const out: SpeedDial[] = [];
  for (const [i, raw] of list.entries()) {
    if (typeof raw !== 'object' || raw === null) return bad(`Speed dial ${i + 1} is not an object.`);
    const r = raw as Record<string, unknown>;
    const str = (k: keyof typeof LIMITS) =>
      typeof r[k] === 'string' ? (r[k] as string).trim() : r[k] === undefined || r[k] === null ? '' : undefined;
    const displayName = str('displayName');
    const number = str('number');
    const address = str('address');
    if (displayName === undefined || number === undefined || address === undefined)
      return bad(`Speed dial ${i + 1} has a field that is not text.`);
    if (displayName === '' || displayName.length > LIMITS.displayName)
      return bad(`Speed dial ${i + 1} needs a name of 1 to ${LIMITS.displayName} characters.`);
    if (number === '' && address === '') return bad(`Speed dial ${i + 1} needs a number or an address.`);
    if (number !== '' && (number.length > LIMITS.number || !NUMBER.test(number)))
      return bad(`Speed dial ${i + 1} has a number that cannot be dialed.`);
    if (address !== '' && (address.length > LIMITS.address || !ADDRESS.test(address)))
      return bad(`Speed dial ${i + 1} has an address that is not an e-mail or SIP address.`);
    const userId = r.userId;
    if (userId !== undefined && userId !== null && (typeof userId !== 'string' || !GUID.test(userId)))
      return bad(`Speed dial ${i + 1} has a userId that is not a directory object id.`);
    const dial: SpeedDial = { displayName };
    if (number) dial.number = number;
    if (address) dial.address = address;
    if (typeof userId === 'string') dial.userId = userId.toLowerCase();
    out.push(dial);
  }
  return { speedDials: out };
}

/** The extension's custom properties for a list. */
export function speedDialsToProperties(speedDials: SpeedDial[]): SpeedDialsProperties {
  return {
    version: SPEED_DIALS_VERSION,
    names: speedDials.map((d) => d.displayName),
    numbers: speedDials.map((d) => d.number ?? ''),
    addresses: speedDials.map((d) => d.address ?? ''),
    userIds: speedDials.map((d) => d.userId ?? ''),
  };
}

/** The size Graph counts: the custom properties as JSON, in UTF-8 bytes. */
export function extensionBytes(properties: SpeedDialsProperties): number {
  return Buffer.byteLength(JSON.stringify(properties), 'utf8');
}

/** The list an extension holds. Damaged entries (a missing name, nothing to dial) are skipped, not fatal. */
export function speedDialsFromExtension(extension: Record<string, unknown> | undefined): SpeedDial[] {
  if (!extension) return [];
  const strings = (k: string): string[] =>
    Array.isArray(extension[k]) ? (extension[k] as unknown[]).map((v) => (typeof v === 'string' ? v : '')) : [];
  const names = strings('names');
  const numbers = strings('numbers');
  const addresses = strings('addresses');
  const userIds = strings('userIds');
  const out: SpeedDial[] = [];
  for (let i = 0; i < names.length && out.length < MAX_SPEED_DIALS; i++) {
    const displayName = names[i]!.trim();
    const number = numbers[i]?.trim() ?? '';
    const address = addresses[i]?.trim() ?? '';
    if (!displayName || (!number && !address)) continue;
    const dial: SpeedDial = { displayName };
    if (number) dial.number = number;
    if (address) dial.address = address;
    const userId = userIds[i]?.trim();
    if (userId && GUID.test(userId)) dial.userId = userId;
    out.push(dial);
  }
  return out;
}
