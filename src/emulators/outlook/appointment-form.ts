/**
 * The dev host's appointment form: the inputs (with the stable data-testid attributes anyone can
 * automate) bound to the AppointmentDraft both ways. What the user types becomes a 'user' change;
 * what an add-in writes shows up in the inputs. Start and end take ISO 8601 local date-times
 * ("2025-06-02T10:00") in the mailbox's zone; moving the start keeps the duration, as Outlook does.
 */
import type { AppointmentDraft, AppointmentState, DraftChange } from './appointment-draft';
import type { EmailAddressJson, RecurrenceJson } from './devhost-bridge';
import type { MailboxZone } from './graph-event-mapping';
import { instantOfLocal, localOfInstant, zoneOffsetMinutes } from './zoned-time';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function byTestId<T extends HTMLElement>(root: ParentNode, id: string): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`devhost.html lacks data-testid="${id}"`);
  return el;
}

export function parseAttendees(text: string): EmailAddressJson[] {
  return text
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((address) => {
      const m = /^(.*?)\s*<([^>]+)>$/.exec(address);
      const email = (m ? m[2] : address)!.trim();
      return { emailAddress: email, displayName: (m?.[1] || email).trim(), recipientType: 'user', appointmentResponse: 'none' };
    });
}

function formatAttendees(list: EmailAddressJson[]): string {
  return list.map((a) => a.emailAddress).join('; ');
}

interface RecurrenceControls {
  type: string;
  interval: number;
  days: string[];
  until: string;
}

/** The recurrence the form's controls describe, for the series starting at `start`. */
export function recurrenceFromControls(c: RecurrenceControls, start: number, end: number, zone: MailboxZone): RecurrenceJson | null {
  if (c.type === 'none' || !c.type) return null;
  const local = localOfInstant(start, zone.iana);
  const [year, month, day] = local.slice(0, 10).split('-').map(Number) as [number, number, number];
  const weekday = DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  const interval = Math.max(1, Math.floor(c.interval || 1));
  const props: RecurrenceJson['recurrenceProperties'] =
    c.type === 'daily'
      ? { interval }
      : c.type === 'weekday'
        ? {}
        : c.type === 'weekly'
          ? { interval, days: c.days.length ? c.days : [weekday], firstDayOfWeek: 'sun' }
          : c.type === 'monthly'
            ? { interval, dayOfMonth: day }
            : { interval, dayOfMonth: day, month: MONTHS[month - 1] };
  // The zone's standard offset: the smaller of January's and July's.
  const offset = Math.min(zoneOffsetMinutes(Date.UTC(year, 0, 15), zone.iana), zoneOffsetMinutes(Date.UTC(year, 6, 15), zone.iana));
  return {
    recurrenceType: c.type as RecurrenceJson['recurrenceType'],
    recurrenceProperties: props,
    recurrenceTimeZone: { name: zone.windows, offset },
    seriesTime: {
      startDate: local.slice(0, 10),
      startTime: local.slice(11, 16),
      endDate: c.until || null,
      duration: Math.round((end - start) / 60_000),
    },
  };
}

export interface AppointmentForm {
  /** The body with `html` inserted at the caret, or undefined when the caret is not in the body. */
  insertAtCaret(html: string): string | undefined;
  setStatus(text: string, kind?: 'info' | 'error'): void;
  setEventId(id: string | undefined): void;
}

export function bindAppointmentForm(root: HTMLElement, draft: AppointmentDraft, zone: MailboxZone): AppointmentForm {
  const subject = byTestId<HTMLInputElement>(root, 'devhost-subject');
  const start = byTestId<HTMLInputElement>(root, 'devhost-start');
  const end = byTestId<HTMLInputElement>(root, 'devhost-end');
  const allDay = byTestId<HTMLInputElement>(root, 'devhost-all-day');
  const attendees = byTestId<HTMLInputElement>(root, 'devhost-attendees');
  const location = byTestId<HTMLInputElement>(root, 'devhost-location');
  const body = byTestId<HTMLElement>(root, 'devhost-body');
  const recurrence = byTestId<HTMLSelectElement>(root, 'devhost-recurrence');
  const interval = byTestId<HTMLInputElement>(root, 'devhost-recurrence-interval');
  const until = byTestId<HTMLInputElement>(root, 'devhost-recurrence-until');
  const dayBoxes = DAYS.map((d) => byTestId<HTMLInputElement>(root, `devhost-recurrence-day-${d}`));
  const notifications = byTestId<HTMLElement>(root, 'devhost-notifications');
  const status = byTestId<HTMLElement>(root, 'devhost-status');
  const eventId = byTestId<HTMLElement>(root, 'devhost-event-id');
  let savedRange: Range | undefined;

  const controls = (): RecurrenceControls => ({
    type: recurrence.value,
    interval: Number(interval.value) || 1,
    days: DAYS.filter((_d, i) => dayBoxes[i]!.checked),
    until: until.value,
  });
  const showRecurrenceDetails = () => {
    root.querySelector<HTMLElement>('.recurrence-details')!.hidden = recurrence.value === 'none';
    root.querySelector<HTMLElement>('.recurrence-days')!.hidden = recurrence.value !== 'weekly';
  };

  const fill = (s: Readonly<AppointmentState>, change?: DraftChange) => {
    const all = !change;
    const k = change?.kinds;
    if ((all || k?.has('subject')) && subject.value !== s.subject) subject.value = s.subject;
    if (all || k?.has('time') || k?.has('allDay')) {
      start.value = localOfInstant(s.start, zone.iana);
      end.value = localOfInstant(s.end, zone.iana);
      allDay.checked = s.isAllDay;
      start.removeAttribute('aria-invalid');
      end.removeAttribute('aria-invalid');
    }
    const shownAttendees = parseAttendees(attendees.value)
      .map((a) => a.emailAddress)
      .join();
    if ((all || k?.has('recipients')) && shownAttendees !== s.requiredAttendees.map((a) => a.emailAddress).join())
      attendees.value = formatAttendees(s.requiredAttendees);
    if ((all || k?.has('location') || k?.has('locations')) && location.value !== s.location) location.value = s.location;
    if ((all || k?.has('body')) && body.innerHTML !== s.bodyHtml) body.innerHTML = s.bodyHtml;
    if (all || (k?.has('recurrence') && change?.source !== 'user')) {
      const r = s.recurrence;
      recurrence.value = r?.recurrenceType ?? 'none';
      interval.value = String(r?.recurrenceProperties.interval ?? 1);
      until.value = r?.seriesTime.endDate ?? '';
      DAYS.forEach((d, i) => (dayBoxes[i]!.checked = r?.recurrenceProperties.days?.includes(d) ?? false));
      showRecurrenceDetails();
    }
    if (all || k?.has('notifications')) {
      notifications.replaceChildren(
        ...s.notifications.map((n) => {
          const el = root.ownerDocument.createElement('div');
          el.className = `notification ${n.type}`;
          el.dataset.testid = `devhost-notification-${n.key}`;
          el.dataset.type = n.type;
          el.textContent = n.message;
          return el;
        }),
      );
      notifications.hidden = s.notifications.length === 0;
    }
  };

  draft.onChange((s, change) => {
    if (change.source !== 'user' || !change.kinds.has('body')) fill(s, change);
  });
  fill(draft.state);

  const seriesWith = (s: number, e: number) => recurrenceFromControls(controls(), s, e, zone);

  subject.addEventListener('input', () => draft.update({ subject: subject.value }, 'user'));
  location.addEventListener('input', () =>
    draft.update(
      {
        location: location.value,
        enhancedLocations: location.value
          .split(';')
          .map((p) => p.trim())
          .filter(Boolean)
          .map((name) => ({
            locationIdentifier: { id: name, type: 'custom' as const },
            displayName: name,
            locationType: 'custom' as const,
          })),
      },
      'user',
    ),
  );
  attendees.addEventListener('change', () => draft.update({ requiredAttendees: parseAttendees(attendees.value) }, 'user'));
  body.addEventListener('input', () => draft.update({ bodyHtml: body.innerHTML }, 'user'));
  start.addEventListener('change', () => {
    const s = instantOfLocal(start.value, zone.iana);
    if (s === undefined) return start.setAttribute('aria-invalid', 'true');
    const duration = draft.state.end - draft.state.start;
    const patch: Partial<AppointmentState> = { start: s, end: s + duration };
    if (draft.state.recurrence) patch.recurrence = seriesWith(s, s + duration);
    draft.update(patch, 'user');
  });
  end.addEventListener('change', () => {
    const e = instantOfLocal(end.value, zone.iana);
    if (e === undefined || e < draft.state.start) return end.setAttribute('aria-invalid', 'true');
    end.removeAttribute('aria-invalid');
    const patch: Partial<AppointmentState> = { end: e };
    if (draft.state.recurrence) patch.recurrence = seriesWith(draft.state.start, e);
    draft.update(patch, 'user');
  });
  allDay.addEventListener('change', () => {
    const day = localOfInstant(draft.state.start, zone.iana).slice(0, 10);
    const s = instantOfLocal(`${day}T00:00`, zone.iana)!;
    const e = allDay.checked
      ? instantOfLocal(`${new Date(Date.parse(`${day}T00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T00:00`, zone.iana)!
      : s + 30 * 60_000;
    draft.update(
      {
        isAllDay: allDay.checked,
        start: allDay.checked ? s : draft.state.start,
        end: allDay.checked ? e : draft.state.start + 30 * 60_000,
      },
      'user',
    );
  });
  const recurrenceChanged = () => {
    showRecurrenceDetails();
    draft.update({ recurrence: seriesWith(draft.state.start, draft.state.end) }, 'user');
  };
  for (const el of [recurrence, interval, until, ...dayBoxes]) el.addEventListener('change', recurrenceChanged);

  root.ownerDocument.addEventListener('selectionchange', () => {
    const sel = root.ownerDocument.getSelection();
    if (sel && sel.rangeCount > 0 && body.contains(sel.getRangeAt(0).startContainer)) savedRange = sel.getRangeAt(0).cloneRange();
  });

  return {
    insertAtCaret(html) {
      if (!savedRange || !body.contains(savedRange.startContainer)) return undefined;
      const fragment = savedRange.createContextualFragment(html);
      savedRange.deleteContents();
      savedRange.insertNode(fragment);
      savedRange.collapse(false);
      return body.innerHTML;
    },
    setStatus(text, kind = 'info') {
      status.textContent = text;
      status.dataset.kind = kind;
    },
    setEventId(id) {
      eventId.textContent = id ?? '';
    },
  };
}
