/**
 * Markup where text belongs: a subject, a meeting password, a user's display name and the video
 * address of their Webex personal room carrying HTML and script go through the whole flow — the
 * meeting made through the API, the join block the add-in writes from it, the event saved, copied,
 * and the copy's new join block written by the backend through Graph — and no join block holds
 * them as markup: they are escaped text.
 *
 * The copy's meeting is a new one Webex makes, in the same personal room: its block shows the
 * room's video address (the one value of the copy's block the user chooses, in Webex), so the
 * hostile text reaches the block the backend renders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { waitUntil } from '../../../scripts/bench/bounded';
import { eventBodyWithMeeting, type CreatedMeeting } from '../../../scripts/bench/outlook-driver';
import { ADDIN_ID } from '../../../scripts/world/world';
import { slotStart, startSyncWorld, type SyncWorld } from '../../../scripts/bench/sync-world';
import { findJoinBlock, joinBlockStringsFor, joinDetailsFromWebexMeeting, renderJoinBlockHtml } from '../../../src/core/join-block';
import { escapeHtml } from '../../../src/core/join-block/escape-html';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../src/server/config';
import { convergedWithin } from '../../helpers/convergence';

const hostile = {
  subject: `<script>alert("subject")</script><img src=x onerror=alert(1)> & "quotes"`,
  password: `"><svg/onload=alert(2)>&'`,
  displayName: `Eve <img src=x onerror=alert(3)>`,
  videoAddress: `eve"><svg/onload=alert(4)>@contoso.webex.com`,
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
  // Eve's personal room, as Webex answers for it: its video address carries markup.
  const person = sync.world.webex.state.directory.findPerson(eve.mail as string);
  if (!person) throw new Error('Eve has no Webex account in the emulator');
  person.personalRoom.sipAddress = hostile.videoAddress;
}, 120_000);

afterAll(async () => {
  await sync?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('subjects, options and names with HTML and script', () => {
  let meeting: CreatedMeeting & { sipAddress?: string };

  it('are accepted by the API as text', async () => {
    const token = await sync.world.userToken(eve);
    const startMs = slotStart(2);
    const res = await fetch(`${sync.backend.url}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: hostile.subject,
        start: new Date(startMs).toISOString(),
        end: new Date(startMs + 1_800_000).toISOString(),
        timeZone: 'UTC',
        options: { type: 'personalRoom', password: hostile.password },
      }),
    });
    expect(res.status).toBe(201);
    meeting = (await res.json()) as CreatedMeeting & { sipAddress?: string };
    expect([meeting.title, meeting.password, meeting.sipAddress]).toEqual([hostile.subject, hostile.password, hostile.videoAddress]);
  });

  it('are escaped in the join block the add-in writes, and read back as the same text', () => {
    const html = renderJoinBlockHtml(
      joinDetailsFromWebexMeeting({ ...meeting, hostDisplayName: hostile.displayName }, { includeHostName: true }),
      joinBlockStringsFor('en-US'),
    );
    expect(activeMarkup(html)).toEqual([]);
    expect(html).toContain(escapeHtml(hostile.password));
    expect(html).toContain(escapeHtml(hostile.displayName));
    expect(html).toContain(escapeHtml(hostile.videoAddress));
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
    await waitUntil(
      'the event to be linked',
      async () => ((await sync.counter('events_processed', { outcome: 'linked' })) >= 1 ? true : undefined),
      60_000,
      250,
    );
    const at = startMs + 26 * 3_600_000;
    const copy = sync.driver.copy(event, {
      start: { dateTime: new Date(at).toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(at + 1_800_000).toISOString().slice(0, 19), timeZone: 'UTC' },
    });
    expect(await convergedWithin(sync, 60_000)).toMatchObject({ events: 2, inStep: 2, shared: 0 });
    const rewritten = sync.driver.stored(copy);
    const copyMeetingId = sync.driver.meetingOf(rewritten);
    expect(copyMeetingId).not.toBe(meeting.id);
    // The copy's block is the backend's rendering of its new meeting, in the same personal room:
    // the room's hostile video address is in it, as text.
    const block = findJoinBlock(rewritten.body.content, 'html');
    expect(block).toMatchObject({ meetingId: copyMeetingId });
    expect(activeMarkup(rewritten.body.content)).toEqual([]);
    expect(rewritten.body.content.slice(block?.start, block?.end)).toContain(escapeHtml(hostile.videoAddress));
  }, 120_000);
});
