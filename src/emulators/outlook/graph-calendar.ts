/**
 * The dev host's reads and writes of the user's calendar (or of the calendar a delegate works in):
 * the Graph emulator's token-less control routes /_emulator/users/{user}/events[/{id}], which stand
 * for edits in Outlook, and /_emulator/users/{owner}/calendarPermissions, the owner's delegates.
 * The dev server forwards DEVHOST_GRAPH_PATH to them (the emulator answers no CORS requests from
 * the page's origin). Ids are immutable ids, as the product asks Graph for them.
 */
import { customPropertiesPropertyId } from './graph-event-mapping';

/** Where the dev server forwards to the Graph emulator's /_emulator routes (see devhost-webpack.ts). */
export const DEVHOST_GRAPH_PATH = '/_devhost/graph';

export class CalendarError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

async function send(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(`${DEVHOST_GRAPH_PATH}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Prefer: 'IdType="ImmutableId"' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (thrown) {
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    throw new CalendarError('graph_unreachable', `The Graph emulator cannot be reached: ${err.message}`, 0);
  }
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!res.ok) {
    const error = (json.error ?? {}) as { code?: string; message?: string };
    throw new CalendarError(error.code ?? `http_${res.status}`, error.message ?? `HTTP ${res.status}`, res.status);
  }
  return json;
}

const userPath = (user: string) => `/users/${encodeURIComponent(user)}/events`;

export function createCalendarEvent(user: string, event: Record<string, unknown>): Promise<Record<string, unknown>> {
  return send('POST', userPath(user), event);
}

export function updateCalendarEvent(user: string, id: string, event: Record<string, unknown>): Promise<Record<string, unknown>> {
  return send('PATCH', `${userPath(user)}/${encodeURIComponent(id)}`, event);
}

/** The event with the add-in's custom-properties property expanded. */
export function readCalendarEvent(user: string, id: string, addinId: string): Promise<Record<string, unknown>> {
  const expand = `singleValueExtendedProperties($filter=id eq '${customPropertiesPropertyId(addinId)}')`;
  return send('GET', `${userPath(user)}/${encodeURIComponent(id)}?$expand=${encodeURIComponent(expand)}`);
}

/** Who the owner let into their calendar (the Graph emulator's delegation), by delegate object id. */
export async function calendarPermissions(owner: string): Promise<Array<{ delegate: string; role: string }>> {
  const body = await send('GET', `/users/${encodeURIComponent(owner)}/calendarPermissions`);
  return Array.isArray(body.value) ? (body.value as Array<{ delegate: string; role: string }>) : [];
}
