/**
 * The privacy canary, through the Call tab: a signed-in user, a colleague, a personal contact and
 * a chat, each with names, addresses and numbers that exist nowhere else, are shown, searched,
 * made speed dials and called in the browser. Afterwards none of them is in the backend's log
 * lines or in any row of its database — the tab's backend passes Graph's answers on and keeps
 * nothing (docs/architecture.md#data-and-privacy).
 */
import { randomBytes } from 'node:crypto';
import { oneOnOneChatId } from '../../../src/emulators/graph/teams-chats';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { browserAvailable } from '../../helpers/browser';
import { CONTOSO } from '../../integration/teams/teams-stack';
import { callsStarted, openDevHost, screenshot, startBrowserStack, tabOf, type BrowserStack } from './teams-browser-kit';

const run = browserAvailable() ? describe : describe.skip;

const tag = randomBytes(4).toString('hex');
const digits = String(parseInt(tag, 16) % 10_000).padStart(4, '0');

function canaryUser(n: number, given: string, surname: string, phone: string): DirectoryUser {
  const local = `${given}.${surname}`.toLowerCase();
  return {
    id: `00000000-0000-4000-8ca0-${tag}${String(n).padStart(4, '0')}`,
    userPrincipalName: `${local}@${CONTOSO.verifiedDomains[0]}`,
    mail: `${local}@${CONTOSO.verifiedDomains[0]}`,
    displayName: `${given} ${surname}`,
    givenName: given,
    surname,
    jobTitle: `Canary analyst ${tag}`,
    businessPhones: [phone],
    preferredLanguage: 'en-US',
    password: `Canary-${tag}-1!`,
    isTenantAdmin: false,
  };
}

const SIGNED_IN = canaryUser(1, 'Ursula', `Signin${tag}`, `+1 425 555 ${digits}`);
const COLLEAGUE = canaryUser(2, 'Quentin', `Colleague${tag}`, `+1 206 555 ${digits}`);
const CONTACT = { displayName: `Vera Contact${tag}`, email: `vera.${tag}@outside-${tag}.example`, phone: `+44 20 7946 ${digits}` };

/** Everything that must not reach the backend's logs or database. */
const SECRETS = [
  ...[SIGNED_IN, COLLEAGUE].flatMap((u) => [u.displayName, u.surname, u.mail!, u.jobTitle!]),
  CONTACT.displayName,
  CONTACT.email,
  `Contact${tag}`,
  `outside-${tag}`,
  `Canary analyst ${tag}`,
  // The numbers, as Microsoft 365 holds them and as they are dialed.
  ...[SIGNED_IN.businessPhones[0]!, COLLEAGUE.businessPhones[0]!, CONTACT.phone].flatMap((n) => [n, n.replace(/ /g, '')]),
];

run('the privacy canary, through the Call tab', () => {
  let bs: BrowserStack;
  const withCanaries = { ...CONTOSO, users: [...CONTOSO.users, SIGNED_IN, COLLEAGUE] };

  beforeAll(async () => {
    bs = await startBrowserStack({ tenants: [withCanaries] });
    bs.stack.grantAdminConsent();
    const added = await fetch(`${bs.stack.graph.url}/_emulator/users/${SIGNED_IN.id}/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: CONTACT.displayName, emailAddresses: [{ address: CONTACT.email }], mobilePhone: CONTACT.phone }),
    });
    expect(added.status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await bs?.close();
  });

  it('leaves no name, address or job title in the backend’s logs or database after a session in the tab', async () => {
    const page = await openDevHost(bs, { user: SIGNED_IN, where: oneOnOneChatId(SIGNED_IN.id, COLLEAGUE.id) });
    const tab = tabOf(page);

    // The chat member: shown and called.
    const colleague = tab.getByRole('region', { name: 'In this chat' }).getByRole('listitem', { name: COLLEAGUE.displayName });
    await colleague.getByRole('button', { name: `Call ${COLLEAGUE.displayName} with ` }).click();
    await colleague.getByRole('button', { name: `Add ${COLLEAGUE.displayName} to speed dials` }).click();
    await tab.getByText(`${COLLEAGUE.displayName} is now a speed dial.`).waitFor();

    // The directory, searched by the canary's own name.
    await tab.getByRole('tab', { name: 'Directory' }).click();
    await tab.getByRole('searchbox', { name: 'Search people in your organization' }).fill(`Colleague${tag}`);
    await tab.getByRole('list', { name: 'Directory' }).getByRole('listitem', { name: COLLEAGUE.displayName }).waitFor();

    // The personal contact: made a speed dial and called.
    await tab.getByRole('tab', { name: 'Contacts' }).click();
    const contact = tab.getByRole('list', { name: 'Contacts' }).getByRole('listitem', { name: CONTACT.displayName });
    await contact.getByRole('button', { name: `Add ${CONTACT.displayName} to speed dials` }).click();
    await tab.getByText(`${CONTACT.displayName} is now a speed dial.`).waitFor();
    await contact.getByRole('button', { name: `Call ${CONTACT.displayName} with ` }).click();

    // The speed dials, reordered.
    await tab.getByRole('tab', { name: 'Speed dials' }).click();
    await tab.getByRole('button', { name: `Move ${CONTACT.displayName} up` }).click();
    await tab.getByRole('list', { name: 'Speed dials' }).getByRole('listitem').first().filter({ hasText: CONTACT.displayName }).waitFor();
    await screenshot(page, 'teams-11-privacy-canary');
    expect(await callsStarted(page)).toHaveLength(2);

    // The session did reach the backend: its log has the requests, by path.
    const log = bs.stack.logLines.join('\n');
    expect(log).toContain('/api/teams/speed-dials');
    expect(log).toContain('/api/teams/directory');

    for (const secret of SECRETS) expect(log).not.toContain(secret);

    const tables = await bs.stack.store.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(0);
    const rows: string[] = [];
    for (const { table_name } of tables) {
      const result = await bs.stack.store.db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      rows.push(...result.map((r) => r.row));
    }
    const dump = rows.join('\n');
    for (const secret of [...SECRETS, SIGNED_IN.id, COLLEAGUE.id]) expect(dump).not.toContain(secret);
  });
});
