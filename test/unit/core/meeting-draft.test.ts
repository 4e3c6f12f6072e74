import fc from 'fast-check';
import {
  applyMeetingChanges,
  DEFAULT_MEETING_TITLE,
  normalizeRecurrenceRule,
  parseInstant,
  validateMeetingDraft,
  webexTitle,
  WEBEX_TITLE_MAX_LENGTH,
  type DraftContext,
  type MeetingDraft,
} from '../../../src/core/meeting-draft';

const now = new Date('2026-11-20T12:00:00Z');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const draft = (over: Record<string, unknown> = {}) => ({
  subject: 'Quarterly planning',
  start: '2026-11-24T09:00:00-08:00',
  end: '2026-11-24T10:00:00-08:00',
  timeZone: 'Pacific Standard Time',
  ...over,
});

function codeOf(input: unknown): string | undefined {
  const result = validateMeetingDraft(input, { now });
  return result.ok ? undefined : result.issue.code;
}

function valid(input: unknown, context: DraftContext = { now }): MeetingDraft {
  const result = validateMeetingDraft(input, context);
  if (!result.ok) throw new Error(`expected a valid draft, got ${result.issue.code}`);
  return result.draft;
}

describe('a meeting draft', () => {
  it('becomes what Webex accepts: UTC times to the minute, an IANA zone, the subject as title', () => {
    expect(valid(draft())).toEqual({
      subject: 'Quarterly planning',
      title: 'Quarterly planning',
      start: '2026-11-24T17:00:00.000Z',
      end: '2026-11-24T18:00:00.000Z',
      timeZone: 'America/Los_Angeles',
      options: { type: 'scheduled', joinBeforeHost: false, joinBeforeHostMinutes: 0, autoRecord: false },
    });
  });

  it('drops seconds, as Webex does, before checking the duration', () => {
    const d = valid(draft({ start: '2026-11-24T09:00:59-08:00', end: '2026-11-24T09:10:00-08:00' }));
    expect(d.start).toBe('2026-11-24T17:00:00.000Z');
  });

  it('is refused when it is not an object or has a field no draft has', () => {
    expect(codeOf(null)).toBe('invalid_draft');
    expect(codeOf([draft()])).toBe('invalid_draft');
    expect(codeOf('draft')).toBe('invalid_draft');
    expect(codeOf(draft({ body: '<p>agenda</p>' }))).toBe('invalid_draft');
    expect(codeOf(draft({ isAllDay: 'no' }))).toBe('invalid_draft');
  });

  it('is refused for an all-day event', () => {
    expect(codeOf(draft({ isAllDay: true, start: '2026-11-24T00:00:00-08:00', end: '2026-11-25T00:00:00-08:00' }))).toBe(
      'all_day_not_supported',
    );
  });

  it('is refused when the subject is not text', () => {
    expect(codeOf(draft({ subject: 42 }))).toBe('invalid_subject');
  });

  it('is refused when start or end is missing, has no offset, or is an impossible date', () => {
    expect(codeOf(draft({ start: undefined }))).toBe('invalid_start');
    expect(codeOf(draft({ start: '2026-11-24T09:00:00' }))).toBe('invalid_start');
    expect(codeOf(draft({ start: '2026-02-30T09:00:00Z' }))).toBe('invalid_start');
    expect(codeOf(draft({ start: 'tomorrow' }))).toBe('invalid_start');
    expect(codeOf(draft({ end: 1767225600000 }))).toBe('invalid_end');
    expect(codeOf(draft({ end: '2026-11-24T25:00:00Z' }))).toBe('invalid_end');
  });

  it('is refused when it ends before it starts, or as it starts', () => {
    expect(codeOf(draft({ end: '2026-11-24T08:00:00-08:00' }))).toBe('end_before_start');
    expect(codeOf(draft({ end: '2026-11-24T09:00:00-08:00' }))).toBe('end_before_start');
  });

  it('is refused when shorter than Webex allows (10 minutes)', () => {
    expect(codeOf(draft({ end: '2026-11-24T09:09:00-08:00' }))).toBe('meeting_too_short');
    expect(codeOf(draft({ end: '2026-11-24T09:10:00-08:00' }))).toBeUndefined();
  });

  it('is refused when longer than Webex allows (23 hours 59 minutes)', () => {
    expect(codeOf(draft({ end: '2026-11-25T09:00:00-08:00' }))).toBe('meeting_too_long');
    expect(codeOf(draft({ end: '2026-11-25T08:59:00-08:00' }))).toBeUndefined();
  });

  it('is refused when it starts in the past, beyond a minute of clock skew', () => {
    expect(codeOf(draft({ start: '2026-11-20T11:58:00Z', end: '2026-11-20T13:00:00Z' }))).toBe('meeting_in_past');
    expect(codeOf(draft({ start: '2026-11-20T11:59:30Z', end: '2026-11-20T13:00:00Z' }))).toBeUndefined();
  });

  it('is refused when the time zone is unknown or missing', () => {
    expect(codeOf(draft({ timeZone: 'Atlantis Standard Time' }))).toBe('unknown_time_zone');
    expect(codeOf(draft({ timeZone: undefined }))).toBe('unknown_time_zone');
    expect(codeOf(draft({ timeZone: 3 }))).toBe('unknown_time_zone');
  });

  it('accepts an IANA time zone as well as a Windows one', () => {
    expect(valid(draft({ timeZone: 'Europe/Berlin' })).timeZone).toBe('Europe/Berlin');
  });

  it('carries a recurrence Webex schedules faithfully, normalized', () => {
    expect(valid(draft({ recurrence: 'RRULE:freq=weekly;byday=TU;count=10' })).recurrence).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=10');
    expect(valid(draft({ recurrence: null })).recurrence).toBeUndefined();
  });

  it('is refused with a recurrence Webex would change or reject', () => {
    expect(codeOf(draft({ recurrence: 'FREQ=MONTHLY;BYMONTHDAY=10,11' }))).toBe('invalid_recurrence');
    expect(codeOf(draft({ recurrence: 'FREQ=HOURLY' }))).toBe('invalid_recurrence');
    expect(codeOf(draft({ recurrence: 42 }))).toBe('invalid_recurrence');
  });

  it('takes its options from the user defaults unless it says otherwise', () => {
    const d = valid(draft({ options: { joinBeforeHost: true, joinBeforeHostMinutes: 10 } }), {
      now,
      defaults: { type: 'personalRoom', autoRecord: false },
    });
    expect(d.options).toEqual({ type: 'personalRoom', joinBeforeHost: true, joinBeforeHostMinutes: 10, autoRecord: false });
  });

  it('lets a default to record give way in a personal room, where Webex cannot record', () => {
    const result = validateMeetingDraft(draft({ options: { type: 'personalRoom' } }), { now, defaults: { autoRecord: true } });
    expect(result.ok && result.draft.options.autoRecord).toBe(false);
  });

  it('is refused with options Webex does not accept', () => {
    const bad = [
      'options',
      { type: 'webinar' },
      { joinBeforeHost: 'yes' },
      { joinBeforeHost: true, joinBeforeHostMinutes: 7 },
      { joinBeforeHost: false, joinBeforeHostMinutes: 5 },
      { password: '' },
      { password: 'has space' },
      { password: 'x'.repeat(65) },
      { type: 'personalRoom', autoRecord: true },
      { hostKey: '123456' },
    ];
    for (const options of bad) expect([options, codeOf(draft({ options }))]).toEqual([options, 'invalid_options']);
  });
});

describe('the title Webex gets', () => {
  it('is the trimmed subject', () => {
    expect(webexTitle('  Budget review \n')).toBe('Budget review');
  });

  it('turns line breaks and control characters into spaces', () => {
    expect(webexTitle('Budget\r\nreview\tQ3')).toBe('Budget review Q3');
  });

  it('is a default title when the subject is empty', () => {
    expect(webexTitle('   ')).toBe(DEFAULT_MEETING_TITLE);
    expect(valid(draft({ subject: undefined })).title).toBe(DEFAULT_MEETING_TITLE);
  });

  it('is cut to Webex limit with an ellipsis when the subject is longer', () => {
    const title = webexTitle('a'.repeat(300));
    expect(title).toHaveLength(WEBEX_TITLE_MAX_LENGTH);
    expect(title.endsWith('…')).toBe(true);
    expect(webexTitle('b'.repeat(128))).toBe('b'.repeat(128));
  });

  it('never exceeds the limit nor splits a character in two', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (subject) => {
        const title = webexTitle(subject);
        expect(title.length).toBeLessThanOrEqual(WEBEX_TITLE_MAX_LENGTH);
        expect(title.length).toBeGreaterThan(0);
        expect(title).not.toMatch(LONE_SURROGATE);
      }),
    );
  });
});

describe('a recurrence rule', () => {
  const ok = (rule: string) => normalizeRecurrenceRule(rule);
  const refused = (rule: string) => {
    const r = normalizeRecurrenceRule(rule);
    return r.ok ? undefined : r.problem.part;
  };

  it('is normalized to one spelling', () => {
    expect(ok('FREQ=DAILY;COUNT=010')).toEqual({ ok: true, rule: 'FREQ=DAILY;INTERVAL=1;COUNT=10' });
    expect(ok('count=5;interval=2;freq=monthly;byday=+2TU')).toEqual({ ok: true, rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=5' });
    expect(ok('FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1;UNTIL=20301231')).toEqual({
      ok: true,
      rule: 'FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=-1;BYMONTH=3;UNTIL=20301231',
    });
  });

  it('accepts the patterns Outlook makes', () => {
    for (const rule of [
      'FREQ=DAILY;INTERVAL=2',
      'FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270101T000000Z',
      'FREQ=MONTHLY;BYMONTHDAY=15',
      'FREQ=MONTHLY;BYDAY=-1FR',
      'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1',
      'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
    ]) {
      expect([rule, ok(rule).ok]).toEqual([rule, true]);
    }
  });

  it('is refused for what Webex does not support', () => {
    expect(refused('')).toBe('rule');
    expect(refused('INTERVAL=2')).toBe('FREQ');
    expect(refused('FREQ=SECONDLY')).toBe('FREQ');
    expect(refused('FREQ=DAILY;BYHOUR=9')).toBe('BYHOUR');
    expect(refused('FREQ=DAILY;WKST=MO')).toBe('WKST');
    expect(refused('FREQ=DAILY;FREQ=WEEKLY')).toBe('FREQ');
    expect(refused('FREQ=DAILY;COUNT')).toBe('COUNT');
    expect(refused('FREQ=DAILY;INTERVAL=0')).toBe('INTERVAL');
    expect(refused('FREQ=DAILY;COUNT=5;UNTIL=20300101')).toBe('COUNT');
    expect(refused('FREQ=DAILY;UNTIL=20300230')).toBe('UNTIL');
    expect(refused('FREQ=WEEKLY;BYDAY=1MO')).toBe('BYDAY');
    expect(refused('FREQ=WEEKLY;BYDAY=MO,MO')).toBe('BYDAY');
    expect(refused('FREQ=MONTHLY;BYDAY=MO,TU')).toBe('BYDAY');
    expect(refused('FREQ=MONTHLY;BYDAY=5MO')).toBe('BYDAY');
    expect(refused('FREQ=MONTHLY;BYMONTHDAY=10,11')).toBe('BYMONTHDAY');
    expect(refused('FREQ=WEEKLY;BYMONTHDAY=10')).toBe('BYMONTHDAY');
    expect(refused('FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=10')).toBe('BYMONTHDAY');
    expect(refused('FREQ=MONTHLY;BYMONTH=3')).toBe('BYMONTH');
    expect(refused('FREQ=MONTHLY;BYSETPOS=1')).toBe('BYSETPOS');
    expect(refused('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5')).toBe('BYSETPOS');
    // Webex would keep only Monday of "the last weekday of the month".
    expect(refused('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1')).toBe('BYDAY');
  });
});

describe('an ISO instant', () => {
  it('needs an offset and a real date', () => {
    expect(parseInstant('2026-11-24T09:00-08:00')?.toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(parseInstant('2026-11-24T17:00:00.123Z')?.toISOString()).toBe('2026-11-24T17:00:00.123Z');
    expect(parseInstant('2026-11-24T09:00:00+0530')?.toISOString()).toBe('2026-11-24T03:30:00.000Z');
    expect(parseInstant('2026-11-24')).toBeUndefined();
    expect(parseInstant('2026-11-24T09:00:00+25:00')).toBeUndefined();
    expect(parseInstant('2026-04-31T09:00:00Z')).toBeUndefined();
  });
});

describe('changes to a meeting', () => {
  const current = valid(draft({ recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10', options: { password: 'Secret123' } }));

  it('say what changed and keep the rest', () => {
    const r = applyMeetingChanges(
      current,
      { subject: 'Quarterly planning (moved)', start: '2026-11-24T10:00:00-08:00', end: '2026-11-24T11:00:00-08:00' },
      { now },
    );
    expect(r.ok && r.changed).toEqual(['subject', 'time']);
    expect(r.ok && r.draft.recurrence).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=10');
    expect(r.ok && r.draft.options.password).toBe('Secret123');
  });

  it('count a zone as changed only when named and different', () => {
    const utc = { ...current, timeZone: 'UTC' };
    const named = applyMeetingChanges(utc, { timeZone: 'Pacific Standard Time' }, { now });
    expect(named.ok && named.changed).toEqual(['timeZone']);
    const moved = applyMeetingChanges(utc, { start: '2026-11-24T18:00:00Z', end: '2026-11-24T19:00:00Z' }, { now });
    expect(moved.ok && moved.changed).toEqual(['time']);
  });

  it('see no change in the same values written differently', () => {
    const r = applyMeetingChanges(
      current,
      { timeZone: 'America/Los_Angeles', recurrence: 'RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=TU;INTERVAL=1', start: '2026-11-24T17:00:00Z' },
      { now },
    );
    expect(r.ok && r.changed).toEqual([]);
  });

  it('can end a series and change options', () => {
    const r = applyMeetingChanges(current, { recurrence: null, options: { joinBeforeHost: true, joinBeforeHostMinutes: 5 } }, { now });
    expect(r.ok && r.changed).toEqual(['recurrence', 'options']);
    expect(r.ok && r.draft.recurrence).toBeUndefined();
  });

  it('are checked as a new draft would be', () => {
    const code = (changes: unknown) => {
      const r = applyMeetingChanges(current, changes, { now });
      return r.ok ? undefined : r.issue.code;
    };
    expect(code('subject')).toBe('invalid_draft');
    expect(code({ attendees: [] })).toBe('invalid_draft');
    expect(code({ end: '2026-11-25T10:00:00-08:00' })).toBe('meeting_too_long');
    expect(code({ end: '2026-11-24T09:05:00-08:00' })).toBe('meeting_too_short');
    expect(code({ isAllDay: true })).toBe('all_day_not_supported');
    expect(code({ timeZone: 'Nowhere/Land' })).toBe('unknown_time_zone');
    expect(code({ recurrence: 'FREQ=MINUTELY' })).toBe('invalid_recurrence');
    expect(code({ options: { type: 'personalRoom' } })).toBe('invalid_options');
    expect(code({ options: 'none' })).toBe('invalid_options');
    expect(code({ start: '2026-11-01T09:00:00-08:00', end: '2026-11-01T10:00:00-08:00' })).toBe('meeting_in_past');
  });

  it('to the subject of a meeting under way are accepted: only a new time must lie ahead', () => {
    const underWay = valid(draft({ start: '2026-11-20T11:30:00Z', end: '2026-11-20T12:30:00Z' }), {
      now: new Date('2026-11-20T11:00:00Z'),
    });
    const r = applyMeetingChanges(underWay, { subject: 'Renamed' }, { now });
    expect(r.ok && r.changed).toEqual(['subject']);
  });
});

describe('the site, template, audio and lobby options', () => {
  it('are taken as Webex names them, the site in lower case', () => {
    const d = valid(
      draft({
        options: {
          siteUrl: 'Events.Webex.com',
          templateId: 'N2Q3ZWE1ZjQ=',
          audio: { type: 'webexAudio', tollFree: false },
          lobby: 'allowJoinWithLobby',
        },
      }),
    );
    expect(d.options).toMatchObject({
      siteUrl: 'events.webex.com',
      templateId: 'N2Q3ZWE1ZjQ=',
      audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
      lobby: 'allowJoinWithLobby',
    });
    expect(valid(draft()).options).not.toHaveProperty('audio');
  });

  it('refuses what Webex would not take', () => {
    for (const options of [
      { siteUrl: 'https://a.webex.com' },
      { siteUrl: 'a b' },
      { templateId: 'a/b' },
      { templateId: 'abc', type: 'personalRoom' },
      { audio: { type: 'phone' } },
      { audio: { type: 'VoIP', tollFree: 'yes' } },
      { audio: { type: 'VoIP', extra: true } },
      { audio: 'VoIP' },
      { lobby: 'open' },
    ]) {
      expect([options, codeOf(draft({ options }))]).toEqual([options, 'invalid_options']);
    }
  });

  it('change audio and lobby after creation; the site and the template never', () => {
    const current = valid(
      draft({ options: { siteUrl: 'a.webex.com', audio: { type: 'webexAudio', tollFree: true, globalCallIn: true } } }),
    );
    const audio = applyMeetingChanges(current, { options: { audio: { tollFree: false }, lobby: 'blockFromJoin' } }, { now });
    expect(audio.ok && audio.changed).toEqual(['options']);
    expect(audio.ok && audio.draft.options).toMatchObject({
      audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
      lobby: 'blockFromJoin',
    });
    expect(applyMeetingChanges(current, { options: { siteUrl: 'A.webex.com' } }, { now })).toMatchObject({ ok: true, changed: [] });
    expect(applyMeetingChanges(current, { options: { siteUrl: 'b.webex.com' } }, { now })).toMatchObject({
      ok: false,
      issue: { field: 'options.siteUrl' },
    });
    expect(applyMeetingChanges(current, { options: { templateId: 'abc' } }, { now })).toMatchObject({
      ok: false,
      issue: { field: 'options.templateId' },
    });
  });
});
