import { findJoinBlock, joinBlockStringsFor, renderJoinBlockHtml } from '../../../../src/core/join-block';
import { customPropertiesWithMarker, buildMarker, markerFromCustomProperties } from '../../../../src/core/marker';
import { copyRewrite } from '../../../../src/server/sync/copy-rewrite';
import { copyCreateBody, copyTagOf, patchToMatch } from '../../../../src/server/sync/webex-meeting-body';
import type { WebexMeeting } from '../../../../src/server/webex';
import { END, observed, seriesMaster, START, WEEKLY_RRULE } from './sync-fixtures';

const ADDIN_ID = 'e11830dd-13a2-4b11-9012-8e90508d3f44';

describe('patchToMatch (first sight of an event)', () => {
  const inStep = { title: 'Quarterly review', start: '2030-03-04T17:00:00Z', end: '2030-03-04T17:30:00Z', timezone: 'UTC' };

  it('asks nothing of a meeting that already says what the event says', () => {
    expect(patchToMatch(observed(), inStep)).toEqual({});
  });

  it('moves a meeting the user rescheduled before saving, and renames it', () => {
    expect(patchToMatch(observed(), { ...inStep, start: '2030-03-04T16:00:00Z', title: 'Draft title' })).toEqual({
      start: '2030-03-04T09:00:00-08:00',
      end: '2030-03-04T09:30:00-08:00',
      timezone: 'America/Los_Angeles',
      title: 'Quarterly review',
    });
  });

  it('sets the series rule and the zone Webex reads it in', () => {
    expect(patchToMatch(seriesMaster(), inStep)).toMatchObject({ recurrence: WEEKLY_RRULE, timezone: 'America/Los_Angeles' });
    expect(
      patchToMatch(seriesMaster(), { ...inStep, timezone: 'America/Los_Angeles', recurrence: 'FREQ=WEEKLY;BYDAY=MO;INTERVAL=1' }),
    ).toEqual({});
  });
});

describe('copies', () => {
  it('tags a copy with a key derived from the event, never with its ids in clear', () => {
    const tag = copyTagOf('tenant', 'USER', 'event-1');
    expect(tag).toBe(copyTagOf('tenant', 'user', 'event-1'));
    expect(tag).not.toBe(copyTagOf('tenant', 'user', 'event-2'));
    expect(tag.length).toBeLessThanOrEqual(64);
    expect(tag).not.toContain('event-1');
  });

  it("creates the copy's meeting from the copy's own time and the source's options, without e-mails", () => {
    const body = copyCreateBody(
      observed({ start: START, end: END }),
      { scheduledType: 'meeting', enabledJoinBeforeHost: true, joinBeforeHostMinutes: 5, excludePassword: true },
      'wso-copy-x',
    );
    expect(body).toEqual({
      title: 'Quarterly review',
      start: '2030-03-04T09:00:00-08:00',
      end: '2030-03-04T09:30:00-08:00',
      timezone: 'America/Los_Angeles',
      scheduledType: 'meeting',
      enabledJoinBeforeHost: true,
      joinBeforeHostMinutes: 5,
      excludePassword: true,
      enabledAutoRecordMeeting: false,
      integrationTags: ['webex-scheduler-for-outlook', 'wso-copy-x'],
      sendEmail: false,
    });
  });

  it("puts the copy on the source's site with the source's audio and lobby", () => {
    const body = copyCreateBody(
      observed({ start: START, end: END }),
      {
        scheduledType: 'meeting',
        siteUrl: 'contoso-events.webex.com',
        audioConnectionOptions: {
          audioConnectionType: 'webexAudio',
          enabledTollFreeCallIn: false,
          enabledGlobalCallIn: true,
          entryAndExitTone: 'beep',
        },
        unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
      },
      'wso-copy-x',
    );
    expect(body).toMatchObject({
      siteUrl: 'contoso-events.webex.com',
      audioConnectionOptions: { audioConnectionType: 'webexAudio', enabledTollFreeCallIn: false, enabledGlobalCallIn: true },
      unlockedMeetingJoinSecurity: 'allowJoinWithLobby',
    });
    expect(body.audioConnectionOptions).not.toHaveProperty('entryAndExitTone');
  });

  it('gives a personal room copy no tags (Webex refuses them there)', () => {
    expect(copyCreateBody(observed(), { scheduledType: 'personalRoomMeeting' }, 'wso-copy-x').integrationTags).toBeUndefined();
  });

  it("rewrites the copy's join block and marker to name the new meeting, keeping the user's text", () => {
    const oldBlock = renderJoinBlockHtml(
      { meetingId: 'old', meetingNumber: '25551234567', webLink: 'https://contoso.webex.com/contoso/j.php?MTID=mold' },
      joinBlockStringsFor('de-DE'),
    );
    const raw = {
      body: { contentType: 'html' as const, content: `<html><body><p>Bring slides</p>${oldBlock}</body></html>` },
      customProperties: customPropertiesWithMarker('{"other":1}', buildMarker({ meetingId: 'old', createdAt: '2030-01-01T00:00:00Z' })),
    };
    const meeting = {
      id: 'new',
      meetingNumber: '25559876543',
      webLink: 'https://contoso.webex.com/contoso/j.php?MTID=mnew',
      password: 'pw',
      excludePassword: true,
    } as WebexMeeting;
    const rewrite = copyRewrite(raw, meeting, { addinId: ADDIN_ID, now: new Date('2030-02-01T00:00:00Z') });
    const content = rewrite.body?.content ?? '';
    expect(content).toContain('Bring slides');
    expect(findJoinBlock(content, 'html')?.meetingId).toBe('new');
    expect(content).toContain('lang="de-DE"');
    expect(content).not.toContain('pw');
    const [property] = rewrite.singleValueExtendedProperties;
    expect(property?.id).toBe(`String {00020329-0000-0000-C000-000000000046} Name cecp-${ADDIN_ID}`);
    expect(markerFromCustomProperties(property?.value)?.meetingId).toBe('new');
    expect(JSON.parse(property?.value ?? '{}').other).toBe(1);
  });

  it('writes only the marker of an event that has no join block', () => {
    const rewrite = copyRewrite({ body: { contentType: 'html', content: '<p>no block</p>' } }, { id: 'new' } as WebexMeeting, {
      addinId: ADDIN_ID,
      now: new Date(),
    });
    expect(rewrite.body).toBeUndefined();
    expect(rewrite.singleValueExtendedProperties).toHaveLength(1);
  });
});
