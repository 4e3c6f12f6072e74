import { WebexClient } from '../../../../src/server/webex/webex-client';
import { FakeClock } from '../fake-clock';
import { fakeFetch, json } from '../fake-fetch';

const baseUrl = 'https://webexapis.example/v1';
const meeting = { id: 'm1', title: 'T', start: '2030-01-01T10:00:00Z', end: '2030-01-01T11:00:00Z' };

function client(f: typeof fetch) {
  return new WebexClient({ baseUrl, fetch: f, clock: new FakeClock() });
}

describe('WebexClient (wire details)', () => {
  it('sends a TrackingID of its own, numbered per attempt', async () => {
    const f = fakeFetch(json(429, { message: 'slow down' }, { 'Retry-After': '1' }), json(200, meeting));
    await client(f).getMeeting('tok', 'm1');
    const [first, second] = f.requests.map((r) => r.headers.get('trackingid') ?? '');
    expect(first).toMatch(/^WSO_[0-9a-f-]{36}_1$/);
    expect(second).toBe(String(first).replace(/_1$/, '_2'));
  });

  it('tells Webex not to e-mail on create, update and delete unless told otherwise', async () => {
    const f = fakeFetch(json(200, meeting), json(200, meeting), new Response(null, { status: 204 }), new Response(null, { status: 204 }));
    const c = client(f);
    await c.createMeeting('tok', { title: 'T', start: meeting.start, end: meeting.end });
    await c.updateMeeting('tok', 'm1', { title: 'U' });
    await c.deleteMeeting('tok', 'm1');
    await c.deleteMeeting('tok', 'm1', { sendEmail: true });
    expect(JSON.parse(f.requests[0]?.body ?? '{}')).toMatchObject({ sendEmail: false });
    expect(JSON.parse(f.requests[1]?.body ?? '{}')).toMatchObject({ sendEmail: false, title: 'U' });
    expect(new URL(f.requests[2]?.url ?? '').searchParams.get('sendEmail')).toBe('false');
    expect(new URL(f.requests[3]?.url ?? '').searchParams.get('sendEmail')).toBe('true');
  });

  it('does not follow a Link header to another host with the user’s token', async () => {
    const f = fakeFetch(json(200, { items: [meeting] }, { Link: '<https://evil.example/v1/meetings?cursor=x>; rel="next"' }));
    await expect(client(f).listMeetings('tok')).rejects.toMatchObject({ code: 'webex_invalid_response' });
    expect(f.requests).toHaveLength(1);
  });

  it('reports a success whose body is not JSON as webex_invalid_response', async () => {
    const f = fakeFetch(new Response('<html>proxy</html>', { status: 200 }));
    await expect(client(f).getMe('tok')).rejects.toMatchObject({ code: 'webex_invalid_response', status: 200 });
  });

  it('reads Webex’s error body and tracking id header', async () => {
    const body = {
      message: 'meeting not found',
      errors: [{ description: 'meeting not found', errorCode: 3001 }],
      trackingId: 'ROUTER_BODY',
    };
    const f = fakeFetch(json(404, body, { trackingid: 'ROUTER_HEADER' }));
    await expect(client(f).getMeeting('tok', 'gone')).rejects.toMatchObject({
      code: 'webex_not_found',
      trackingId: 'ROUTER_HEADER',
      serviceMessage: 'meeting not found',
      serviceCode: '3001',
    });
  });
});
