/**
 * Markup where text belongs: a subject, a meeting password and a user's display name carrying HTML
 * and script go through the whole flow — the meeting made through the API, the join block the
 * add-in writes from it, the event saved, copied, and the copy's new join block written by the
 * backend through Graph — and no join block holds them as markup: they are escaped text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { waitUntil } from '../../../scripts/bench/bounded';
import { eventBodyWithMeeting, type CreatedMeeting } from '../../../scripts/bench/outlook-driver';
import { ADDIN_ID } from '../../../scripts/bench/sync-backend-process';
import { slotStart, startSyncWorld, type SyncWorld } from '../../../scripts/bench/sync-world';
import { findJoinBlock, joinBlockStringsFor, joinDetailsFromWebexMeeting, renderJoinBlockHtml } from '../../../src/core/join-block';
import { escapeHtml } from '../../../src/core/join-block/html-entities';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../src/server/config';
import { convergedWithin } from '../../helpers/convergence';

const hostile = {
  subject: `<script>alert("subject")</script><img src=x onerror=alert(1)> & "quotes"`,
  password: `"><svg/onload=alert(2)>&'`,
  displayName: `Eve <img src=x onerror=alert(3)>`,
};
const eve: DirectoryUser = {
  id: `00000000-0000-4000-8d00-${randomBytes(6).toString('hex')}`,
  userPrincipalName: `eve.injector@${LOCAL_APP.tenantDomain}`,
  mail: `eve.injector@${LOCAL_APP.tenantDomain}`,
  displayName: hostile.displayName,
  givenName: 'Eve',
  surname: 'Injector',
  businessPhones: [],
  preferredLanguage: 'en-US',
  password: 'Eve-Local-1!',
  isTenantAdmin: false,
};

/**
 * The elements and event-handler attributes actually in some HTML (escaped text has no `<`, so
 * every tag found is markup): the join block's own are p, div, a, b, br and span.
 */
function activeMarkup(html: string): string[] {
  const found: string[] = [];
  for (const [, name = '', attributes = ''] of html.matchAll(/<\s*([a-zA-Z][\w-]*)([^>]*)>/g)) {
    if (!['html', 'body', 'div', 'p', 'a', 'b', 'br', 'span'].includes(name.toLowerCase())) found.push(`<${name}>`);
    for (const [attribute] of attributes.matchAll(/\son[a-z]+\s*=/gi)) found.push(attribute.trim());
  }
  return found;
}

let workDir: string;
let sync: SyncWorld;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'injection-'));
  sync = await startSyncWorld({ mailboxes: 0, extraUsers: [eve], eventsPerMailbox: 0, workDir });
}, 120_000);

afterAll(async () => {
  await sync?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('subjects, options and names with HTML and script', () => {
  let meeting: CreatedMeeting;

  it('are accepted by the API as text', async () => {
    const token = await sync.world.apiToken(sync.config, eve);
    const startMs = slotStart(2);
    const res = await fetch(`${sync.backend.url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: hostile.subject, start: new Date(startMs).toISOString(), end: new Date(startMs + 1_800_000).toISOString(), timeZone: 'UTC', options: { password: hostile.password } }),
    });
    expect(res.status).toBe(201);
    meeting = (await res.json()) as CreatedMeeting;
    expect([meeting.title, meeting.password]).toEqual([hostile.subject, hostile.password]);
  });

  it("are escaped in the join block the add-in writes, and read back as the same text", () => {
    const html = renderJoinBlockHtml(joinDetailsFromWebexMeeting({ ...meeting, hostDisplayName: hostile.displayName }, { includeHostName: true }), joinBlockStringsFor('en-US'));
    expect(activeMarkup(html)).toEqual([]);
    expect(html).toContain(escapeHtml(hostile.password));
    expect(html).toContain(escapeHtml(hostile.displayName));
    expect(findJoinBlock(`<html><body>${html}</body></html>`, 'html')).toMatchObject({ meetingId: meeting.id });
  });

  it('leave no markup in the join block the backend writes into a copy of the event', async () => {
    const startMs = slotStart(2);
    const event = sync.driver.save(
      eve.id,
      eventBodyWithMeeting(meeting, ADDIN_ID, {
        subject: hostile.subject,
        start: { dateTime: new Date(startMs).toISOString().slice(0, 19), timeZone: 'UTC' },
        end: { dateTime: new Date(startMs + 1_800_000).toISOString().slice(0, 19), timeZone: 'UTC' },
      }),
    );
    await waitUntil('the event to be linked', async () => ((await sync.counter('events_processed', { outcome: 'linked' })) >= 1 ? true : undefined), 60_000, 250);
    const at = startMs + 26 * 3_600_000;
    const copy = sync.driver.copy(event, { start: { dateTime: new Date(at).toISOString().slice(0, 19), timeZone: 'UTC' }, end: { dateTime: new Date(at + 1_800_000).toISOString().slice(0, 19), timeZone: 'UTC' } });
    expect(await convergedWithin(sync, 60_000)).toMatchObject({ events: 2, inStep: 2, shared: 0 });
    const rewritten = sync.driver.stored(copy);
    const copyMeetingId = sync.driver.meetingOf(rewritten);
    expect(copyMeetingId).not.toBe(meeting.id);
    // The copy's meeting is a new one (Webex chose its password); its block is the backend's rendering.
    expect(activeMarkup(rewritten.body.content)).toEqual([]);
    expect(findJoinBlock(rewritten.body.content, 'html')).toMatchObject({ meetingId: copyMeetingId });
  }, 120_000);
});
