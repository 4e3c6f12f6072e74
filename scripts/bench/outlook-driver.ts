/**
 * Outlook users at work, in the Graph emulator's own process: events saved with the join block and
 * marker the add-in leaves, then moved, renamed, touched in ways that matter to nobody but Outlook
 * (categories: the echoes), copied and deleted. The changes go straight into the emulator's event
 * store, as a user's edits in Outlook do: they are not the backend's requests, so they are neither
 * throttled nor counted against it, and they feed the emulator's change notifications.
 *
 * convergenceReport() then compares every event with its Webex meeting from the outside: the
 * marker each event carries names a meeting, which must exist with the event's start, end and
 * subject; a deleted event's meeting must be deleted; two live events must not share a meeting.
 */
import { joinBlockStringsFor, joinDetailsFromWebexMeeting, renderJoinBlockHtml } from '../../src/core/join-block';
import { buildMarker, customPropertiesWithMarker, extendedPropertyId, markerFromExtendedProperties } from '../../src/core/marker';
import { applyEventInput, parseEventInput } from '../../src/emulators/graph/event-input';
import type { StoredEvent } from '../../src/emulators/graph/event-model';
import type { GraphEmulator } from '../../src/emulators/graph/graph-emulator';
import type { WebexEmulator } from '../../src/emulators/webex/webex-emulator';
import type { MeetingSnapshot } from '../../src/emulators/webex/webex-state';

/** A meeting as the backend's POST /api/meetings answers it (what the add-in writes into the item). */
export interface CreatedMeeting {
  id: string;
  meetingNumber: string;
  webLink: string;
  password?: string;
  start: string;
  end: string;
  title: string;
  telephony?: unknown;
}

export interface SavedEvent {
  mailboxId: string;
  /** The emulator's key of the event (its ids wrap it). */
  key: string;
  /** The immutable id the backend sees. */
  id: string;
}

/** The Graph event body an appointment has after "Add Webex meeting" and save. */
export function eventBodyWithMeeting(meeting: CreatedMeeting, addinId: string, fields: Record<string, unknown>): Record<string, unknown> {
  const block = renderJoinBlockHtml(joinDetailsFromWebexMeeting(meeting), joinBlockStringsFor('en-US'));
  const marker = buildMarker({ meetingId: meeting.id, createdAt: new Date() });
  return {
    body: { contentType: 'html', content: `<html><body><p>Agenda.</p>${block}</body></html>` },
    singleValueExtendedProperties: [{ id: extendedPropertyId(addinId), value: customPropertiesWithMarker(undefined, marker) }],
    location: { displayName: 'Webex' },
    ...fields,
  };
}

export class OutlookDriver {
  /** Meetings whose event the user deleted: they must end deleted in Webex. */
  readonly deletedMeetings = new Set<string>();

  constructor(
    private readonly graph: GraphEmulator,
    private readonly addinId: string,
  ) {}

  save(mailboxId: string, body: Record<string, unknown>): SavedEvent {
    const created = this.graph.createEvent(mailboxId, body);
    return { mailboxId: created.event.mailboxId, key: created.event.key, id: created.immutableId };
  }

  /** Applies a Graph PATCH body to the event, as Outlook saving an edit does. */
  edit(event: SavedEvent, patch: Record<string, unknown>): void {
    const current = this.graph.events.get(event.mailboxId, event.key);
    if (!current) throw new Error('the event to edit is gone');
    this.graph.events.update(event.mailboxId, event.key, applyEventInput(current, parseEventInput(patch)));
  }

  /** The user copies the event (Ctrl+drag): body and custom properties come along. */
  copy(event: SavedEvent, fields: Record<string, unknown>): SavedEvent {
    const current = this.stored(event);
    return this.save(event.mailboxId, {
      subject: current.subject,
      body: current.body,
      singleValueExtendedProperties: current.extendedProperties.map(({ id, value }) => ({ id, value })),
      start: { dateTime: new Date(current.start.instant).toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(current.end.instant).toISOString().slice(0, 19), timeZone: 'UTC' },
      ...fields,
    });
  }

  remove(event: SavedEvent): void {
    const meetingId = this.meetingOf(this.stored(event));
    if (meetingId) this.deletedMeetings.add(meetingId);
    this.graph.events.delete(event.mailboxId, event.key);
  }

  stored(event: SavedEvent): StoredEvent {
    const current = this.graph.events.get(event.mailboxId, event.key);
    if (!current) throw new Error('the event is gone');
    return current;
  }

  meetingOf(event: StoredEvent): string | undefined {
    return markerFromExtendedProperties(event.extendedProperties, this.addinId)?.meetingId;
  }
}

export interface ConvergenceReport {
  /** Live events carrying a marker. */
  events: number;
  /** Of those, the ones whose meeting equals them. */
  inStep: number;
  /** Why the others differ, counted by reason. */
  differences: Record<string, number>;
  /** Deleted events whose meeting is still alive. */
  deletedButAlive: number;
  /** Live Webex meetings no event names (and not of a deleted event). */
  orphans: number;
  /** Live meetings per id named by more than one live event. */
  shared: number;
  /** True when everything is in step. */
  converged: boolean;
}

function differenceOf(event: StoredEvent, meeting: MeetingSnapshot | undefined): string | undefined {
  if (!meeting) return 'meeting_missing';
  if (meeting.deleted) return 'meeting_deleted';
  if (meeting.start !== new Date(event.start.instant).toISOString()) return 'start';
  if (meeting.end !== new Date(event.end.instant).toISOString()) return 'end';
  if (meeting.title !== event.subject) return 'subject';
  return undefined;
}

/** Compares every single event of the mailboxes with its Webex meeting. */
export function convergenceReport(
  graph: GraphEmulator,
  webex: WebexEmulator,
  driver: OutlookDriver,
  mailboxIds: readonly string[],
): ConvergenceReport {
  const meetings = new Map(webex.state.snapshot().map((m) => [m.id, m]));
  const report: ConvergenceReport = { events: 0, inStep: 0, differences: {}, deletedButAlive: 0, orphans: 0, shared: 0, converged: false };
  const named = new Map<string, number>();
  for (const mailboxId of mailboxIds) {
    // The stored events themselves: a copy of each, ten times a second, would slow the emulator being measured.
    for (const event of graph.events.peek(mailboxId)) {
      if (event.type !== 'singleInstance') continue;
      const meetingId = driver.meetingOf(event);
      if (!meetingId) continue;
      report.events += 1;
      named.set(meetingId, (named.get(meetingId) ?? 0) + 1);
      const difference = differenceOf(event, meetings.get(meetingId));
      if (difference) report.differences[difference] = (report.differences[difference] ?? 0) + 1;
      else report.inStep += 1;
    }
  }
  for (const count of named.values()) if (count > 1) report.shared += 1;
  for (const meetingId of driver.deletedMeetings) {
    if (named.has(meetingId)) continue;
    const meeting = meetings.get(meetingId);
    if (meeting && !meeting.deleted) report.deletedButAlive += 1;
  }
  for (const meeting of meetings.values()) {
    if (!meeting.deleted && !named.has(meeting.id) && !driver.deletedMeetings.has(meeting.id)) report.orphans += 1;
  }
  report.converged = report.inStep === report.events && report.deletedButAlive === 0 && report.orphans === 0 && report.shared === 0;
  return report;
}
