/**
 * Office.js's Recurrence and SeriesTime objects for the stand-in, built in the add-in's realm from
 * the bridge's RecurrenceJson and turned back into it for setAsync. SeriesTime hands times out in
 * the format Office documents, "THH:mm:ss:mmm".
 */
import type { RecurrenceJson } from './devhost-bridge';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function parseTime(text: string): { hours: number; minutes: number } | undefined {
  const m = /^T?(\d{1,2}):(\d{2})/.exec(text.trim());
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  return hours < 24 && minutes < 60 ? { hours, minutes } : undefined;
}

function dateText(a: number | string, month?: number, day?: number): string {
  if (typeof a === 'string') return a.slice(0, 10);
  return `${pad(a, 4)}-${pad(month ?? 1)}-${pad(day ?? 1)}`;
}

export class SeriesTime {
  private startDate = '';
  private startTime = '00:00';
  private endDate: string | null = null;
  private duration = 30;

  static fromJson(json: RecurrenceJson['seriesTime']): SeriesTime {
    const t = new SeriesTime();
    t.startDate = json.startDate;
    t.startTime = json.startTime;
    t.endDate = json.endDate;
    t.duration = json.duration;
    return t;
  }

  toJson(): RecurrenceJson['seriesTime'] {
    return { startDate: this.startDate, startTime: this.startTime, endDate: this.endDate, duration: this.duration };
  }

  getDuration(): number {
    return this.duration;
  }
  getStartDate(): string {
    return this.startDate;
  }
  getEndDate(): string | null {
    return this.endDate;
  }
  getStartTime(): string {
    return `T${this.startTime}:00:000`;
  }
  getEndTime(): string {
    const t = parseTime(this.startTime) ?? { hours: 0, minutes: 0 };
    const total = (t.hours * 60 + t.minutes + this.duration) % (24 * 60);
    return `T${pad(Math.floor(total / 60))}:${pad(total % 60)}:00:000`;
  }
  setDuration(minutes: number): void {
    this.duration = minutes;
  }
  setStartDate(a: number | string, month?: number, day?: number): void {
    this.startDate = dateText(a, month, day);
  }
  setEndDate(a: number | string, month?: number, day?: number): void {
    this.endDate = dateText(a, month, day);
  }
  setStartTime(a: number | string, minutes?: number): void {
    if (typeof a === 'number') {
      this.startTime = `${pad(a)}:${pad(minutes ?? 0)}`;
      return;
    }
    const t = parseTime(a);
    if (t) this.startTime = `${pad(t.hours)}:${pad(t.minutes)}`;
  }
}

export class Recurrence {
  recurrenceType: RecurrenceJson['recurrenceType'] = 'daily';
  recurrenceProperties: RecurrenceJson['recurrenceProperties'] = {};
  recurrenceTimeZone: RecurrenceJson['recurrenceTimeZone'] = { name: '' };
  seriesTime = new SeriesTime();

  static fromJson(json: RecurrenceJson): Recurrence {
    const r = new Recurrence();
    r.recurrenceType = json.recurrenceType;
    r.recurrenceProperties = {
      ...json.recurrenceProperties,
      ...(json.recurrenceProperties.days ? { days: [...json.recurrenceProperties.days] } : {}),
    };
    r.recurrenceTimeZone = { ...json.recurrenceTimeZone };
    r.seriesTime = SeriesTime.fromJson(json.seriesTime);
    return r;
  }
}

/** What an add-in passed to recurrence.setAsync, as the bridge carries it; undefined when it is not a recurrence. */
export function recurrenceToJson(value: unknown): RecurrenceJson | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<Recurrence> & { seriesTime?: Partial<SeriesTime> };
  const st = r.seriesTime;
  if (typeof r.recurrenceType !== 'string' || !st || typeof st.getStartDate !== 'function') return undefined;
  const start = parseTime(st.getStartTime?.() ?? '') ?? { hours: 0, minutes: 0 };
  return {
    recurrenceType: r.recurrenceType as RecurrenceJson['recurrenceType'],
    recurrenceProperties: { ...(r.recurrenceProperties ?? {}) },
    recurrenceTimeZone: { name: r.recurrenceTimeZone?.name ?? '', offset: r.recurrenceTimeZone?.offset },
    seriesTime: {
      startDate: st.getStartDate(),
      startTime: `${pad(start.hours)}:${pad(start.minutes)}`,
      endDate: st.getEndDate?.() ?? null,
      duration: st.getDuration?.() ?? 30,
    },
  };
}
