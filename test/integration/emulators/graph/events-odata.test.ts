import { outlookCustomPropertiesId } from '../../../../src/emulators/graph/extended-property-id';
import { adele, call, eventBody, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Event = Record<string, unknown> & { id: string; subject: string };
type Page = { '@odata.context': string; '@odata.nextLink'?: string; value: Event[] };

const events = `/v1.0/users/${adele.id}/events`;
const ADDIN_ID = '2b6b4c6e-0000-4000-8000-0000000add1d';
// As Office.js documentation writes it (upper-case GUID); Graph answers with the canonical spelling.
const CUSTOM_PROPS_AS_WRITTEN = `String {00020329-0000-0000-C000-000000000046} Name cecp-${ADDIN_ID}`;
const CUSTOM_PROPS = outlookCustomPropertiesId(ADDIN_ID);

function list(query: string) {
  return call<Page & GraphErrorShape>(kit.url, `${events}?${query}`, { token: app });
}

function seed(subject: string, day: number, extra: Record<string, unknown> = {}) {
  const d = String(day).padStart(2, '0');
  return kit.emulator.createEvent(adele.id, eventBody(subject, `2026-11-${d}T09:00:00`, `2026-11-${d}T10:00:00`, 'UTC', extra));
}

describe('OData on events', () => {
  it('$select returns only the named properties, plus id and @odata.etag, and the context says so', async () => {
    seed('Selected', 2);
    const res = await list('$select=subject,start');
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#users('${adele.id}')/events(subject,start)`);
    expect(Object.keys(res.body.value[0]!).sort()).toEqual(['@odata.etag', 'id', 'start', 'subject']);
  });

  it('$select on one event works the same way', async () => {
    const { id } = seed('One', 2);
    const res = await call<Event>(kit.url, `${events}/${id}?$select=subject`, { token: app });
    expect(res.body['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#users('${adele.id}')/events(subject)/$entity`);
    expect(Object.keys(res.body).sort()).toEqual(['@odata.context', '@odata.etag', 'id', 'subject']);
  });

  it('$filter on subject supports eq (any case), startswith and contains', async () => {
    seed('Webex sync', 2);
    seed('Team lunch', 3);
    seed('Quarterly webex review', 4);
    const subjects = async (filter: string) => (await list(`$filter=${encodeURIComponent(filter)}`)).body.value.map((e) => e.subject);
    expect(await subjects("subject eq 'team LUNCH'")).toEqual(['Team lunch']);
    expect(await subjects("startswith(subject,'Webex')")).toEqual(['Webex sync']);
    expect(await subjects("contains(subject,'webex')")).toEqual(['Webex sync', 'Quarterly webex review']);
    expect(await subjects("contains(subject,'webex') and not startswith(subject,'Webex')")).toEqual(['Quarterly webex review']);
  });

  it('$filter and $orderby on start/dateTime compare in UTC', async () => {
    seed('Early', 2);
    seed('Late', 20);
    seed('Middle', 10);
    const res = await list(
      `$filter=${encodeURIComponent("start/dateTime ge '2026-11-05T00:00:00'")}&$orderby=${encodeURIComponent('start/dateTime desc')}`,
    );
    expect(res.body.value.map((e) => e.subject)).toEqual(['Late', 'Middle']);
  });

  it('$top pages the list and @odata.nextLink leads through the rest', async () => {
    for (let day = 1; day <= 5; day += 1) seed(`E${day}`, day);
    const seen: string[] = [];
    let next: string | undefined = `${kit.url}${events}?$top=2&$orderby=start/dateTime`;
    let pages = 0;
    while (next) {
      const res: { body: Page } = await call<Page>(next, '', { token: app });
      seen.push(...res.body.value.map((e) => e.subject));
      next = res.body['@odata.nextLink'];
      pages += 1;
    }
    expect(seen).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
    expect(pages).toBe(3);
  });

  it('lists show ten events a page unless $top says otherwise', async () => {
    for (let day = 1; day <= 12; day += 1) seed(`E${day}`, day);
    const res = await list('$orderby=start/dateTime');
    expect(res.body.value).toHaveLength(10);
    expect(res.body['@odata.nextLink']).toContain('%24skip=10');
  });

  it('an Outlook custom property set on create is not in the event until expanded, then shows under its canonical id', async () => {
    const res = await call<Event>(kit.url, events, {
      method: 'POST',
      token: app,
      body: eventBody('Marked', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'UTC', {
        singleValueExtendedProperties: [{ id: CUSTOM_PROPS_AS_WRITTEN, value: '{"meetingId":"abc"}' }],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('singleValueExtendedProperties');
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${CUSTOM_PROPS_AS_WRITTEN}')`);
    const got = await call<Event>(kit.url, `${events}/${res.body.id}?$expand=${expand}`, { token: app });
    expect(got.status).toBe(200);
    expect(got.body.singleValueExtendedProperties).toEqual([{ id: CUSTOM_PROPS, value: '{"meetingId":"abc"}' }]);
    expect(got.body['@odata.context']).toBe(
      `${kit.url}/v1.0/$metadata#users('${adele.id}')/events(singleValueExtendedProperties())/$entity`,
    );
  });

  it('an expand whose filter matches nothing leaves the property out, and names are matched case-sensitively', async () => {
    const { id } = seed('Other', 2, { singleValueExtendedProperties: [{ id: CUSTOM_PROPS, value: 'x' }] });
    const expand = encodeURIComponent(
      `singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-C000-000000000046} Name CECP-${ADDIN_ID}')`,
    );
    const got = await call<Event>(kit.url, `${events}/${id}?$expand=${expand}`, { token: app });
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('singleValueExtendedProperties');
  });

  it('$filter with singleValueExtendedProperties/Any finds the events carrying a property value', async () => {
    seed('With marker', 2, { singleValueExtendedProperties: [{ id: CUSTOM_PROPS, value: 'm-1' }] });
    seed('Other marker', 3, { singleValueExtendedProperties: [{ id: CUSTOM_PROPS, value: 'm-2' }] });
    seed('No marker', 4);
    const byValue = encodeURIComponent(
      `singleValueExtendedProperties/Any(ep: ep/id eq '${CUSTOM_PROPS_AS_WRITTEN}' and ep/value eq 'M-1')`,
    );
    expect((await list(`$filter=${byValue}`)).body.value.map((e) => e.subject)).toEqual(['With marker']);
    const present = encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${CUSTOM_PROPS_AS_WRITTEN}' and ep/value ne null)`);
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${CUSTOM_PROPS_AS_WRITTEN}')`);
    const res = await list(`$filter=${present}&$expand=${expand}`);
    expect(res.body.value.map((e) => [e.subject, e.singleValueExtendedProperties])).toEqual([
      ['With marker', [{ id: CUSTOM_PROPS, value: 'm-1' }]],
      ['Other marker', [{ id: CUSTOM_PROPS, value: 'm-2' }]],
    ]);
  });

  it('a PATCH with singleValueExtendedProperties adds or replaces those properties and keeps the others', async () => {
    const other = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color';
    const { id } = seed('Patched', 2, { singleValueExtendedProperties: [{ id: other, value: 'Green' }] });
    const patch = await call<Event>(kit.url, `${events}/${id}`, {
      method: 'PATCH',
      token: app,
      body: { singleValueExtendedProperties: [{ id: CUSTOM_PROPS_AS_WRITTEN, value: 'v2' }] },
    });
    expect(patch.status).toBe(200);
    const both = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${other}' or id eq '${CUSTOM_PROPS}')`);
    const got = await call<Event>(kit.url, `${events}/${id}?$expand=${both}`, { token: app });
    expect(got.body.singleValueExtendedProperties).toEqual([
      { id: other, value: 'Green' },
      { id: CUSTOM_PROPS, value: 'v2' },
    ]);
  });

  it('a malformed extended property id is refused with ErrorInvalidExtendedProperty', async () => {
    const res = await call<GraphErrorShape>(kit.url, events, {
      method: 'POST',
      token: app,
      body: eventBody('Bad prop', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'UTC', {
        singleValueExtendedProperties: [{ id: 'Text cecp-x', value: 'v' }],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ErrorInvalidExtendedProperty');
  });

  it('unknown properties in $select, $filter and $expand, and malformed filters, are 400s', async () => {
    seed('Any', 2);
    expect((await list('$select=subject,colour')).body.error.code).toBe('RequestBroker--ParseUri');
    expect((await list(`$filter=${encodeURIComponent("colour eq 'red'")}`)).body.error.code).toBe('RequestBroker--ParseUri');
    expect((await list('$expand=attachments')).body.error.code).toBe('BadRequest');
    const broken = await list(`$filter=${encodeURIComponent("subject eq 'unterminated")}`);
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('BadRequest');
    expect((await list('$top=lots')).body.error.code).toBe('BadRequest');
  });
});
