import { createAppointmentItem } from '../../../../src/addin/office/appointment-item';
import { OfficeError } from '../../../../src/addin/office/office-error';
import { fakeOutlook, type FakeOutlook } from '../fake-outlook';

let outlook: FakeOutlook;
let uninstall: () => void;

function setUp(overrides: Parameters<typeof fakeOutlook>[0] = {}) {
  outlook = fakeOutlook(overrides);
  uninstall = outlook.install();
  return createAppointmentItem();
}

afterEach(() => uninstall());

describe('the appointment wrappers', () => {
  it('read the subject, start and end as Outlook holds them', async () => {
    const item = setUp({ subject: 'Budget', start: new Date('2030-01-02T08:00:00Z'), end: new Date('2030-01-02T08:30:00Z') });
    await expect(item.getSubject()).resolves.toBe('Budget');
    await expect(item.getStart()).resolves.toEqual(new Date('2030-01-02T08:00:00Z'));
    await expect(item.getEnd()).resolves.toEqual(new Date('2030-01-02T08:30:00Z'));
  });

  it('reject with the Office error code when Outlook fails a read', async () => {
    const item = setUp({ failures: { 'subject.getAsync': { code: 9002, name: 'GenericResponseError' } } });
    await expect(item.getSubject()).rejects.toMatchObject({ code: 'GenericResponseError', officeCode: 9002 });
    await expect(item.getSubject()).rejects.toBeInstanceOf(OfficeError);
  });

  it('read and write the body in the type Outlook reports', async () => {
    const item = setUp({ bodyType: 'text', body: 'Hello' });
    await expect(item.getBodyType()).resolves.toBe('text');
    await expect(item.getBody('text')).resolves.toBe('Hello');
    await item.setBody('Hello again', 'text');
    expect(outlook.state.body).toBe('Hello again');
  });

  it('reports an HTML body as html', async () => {
    const item = setUp({ bodyType: 'html' });
    await expect(item.getBodyType()).resolves.toBe('html');
  });

  it('reject a body write with the Office error code', async () => {
    const item = setUp({ failures: { 'body.setAsync': { code: 9041, name: 'DataExceedsMaximumSize' } } });
    await expect(item.setBody('x', 'html')).rejects.toMatchObject({ code: 'DataExceedsMaximumSize' });
    expect(outlook.state.writes.body).toBe(0);
  });

  it('read and write the location text', async () => {
    const item = setUp({ location: 'Room 1' });
    await expect(item.getLocation()).resolves.toBe('Room 1');
    await item.setLocation('Room 2');
    expect(outlook.state.location).toBe('Room 2');
  });

  it('reject a location write with the Office error code', async () => {
    const item = setUp({ failures: { 'location.setAsync': { code: 9030, name: 'InvalidArgument' } } });
    await expect(item.setLocation('x')).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('add, list and remove custom enhanced locations where Mailbox 1.8 is supported', async () => {
    const item = setUp({ sets: { Mailbox: '1.8' } });
    expect(item.supportsEnhancedLocation()).toBe(true);
    await item.addCustomLocation('https://example.webex.com/meet/alex');
    await expect(item.getCustomLocations()).resolves.toEqual(['https://example.webex.com/meet/alex']);
    await item.removeCustomLocation('https://example.webex.com/meet/alex');
    await expect(item.getCustomLocations()).resolves.toEqual([]);
  });

  it('report enhanced locations as unsupported below Mailbox 1.8', () => {
    const item = setUp({ sets: { Mailbox: '1.7' } });
    expect(item.supportsEnhancedLocation()).toBe(false);
  });

  it('reject an enhanced location write with the Office error code', async () => {
    const item = setUp({ failures: { 'enhancedLocation.addAsync': { code: 9048, name: 'TooManyLocations' } } });
    await expect(item.addCustomLocation('x')).rejects.toMatchObject({ code: 'TooManyLocations' });
  });

  it('give the recurrence as plain data, with the series time read through its getters', async () => {
    const item = setUp({
      recurrence: {
        recurrenceType: 'weekly',
        recurrenceProperties: { interval: 1, days: ['mon', 'wed'] },
        seriesTime: { startDate: '2030-03-04', endDate: '2030-06-30', startTime: 'T09:00:00:000', duration: 30 },
        recurrenceTimeZone: { name: 'Pacific Standard Time' },
      },
    });
    await expect(item.getRecurrence()).resolves.toEqual({
      recurrenceType: 'weekly',
      recurrenceProperties: expect.objectContaining({ interval: 1, days: ['mon', 'wed'] }),
      seriesTime: { startDate: '2030-03-04', endDate: '2030-06-30', startTime: 'T09:00:00:000', duration: 30 },
      recurrenceTimeZone: { name: 'Pacific Standard Time', offset: undefined },
    });
  });

  it('give no recurrence for a single appointment, nor on clients below Mailbox 1.7', async () => {
    await expect(setUp().getRecurrence()).resolves.toBeNull();
    uninstall();
    const old = setUp({
      sets: { Mailbox: '1.5' },
      recurrence: { recurrenceType: 'daily', seriesTime: { startDate: '2030-01-01', startTime: '09:00', duration: 30 } },
    });
    await expect(old.getRecurrence()).resolves.toBeNull();
  });

  it('reject a recurrence read with the Office error code', async () => {
    const item = setUp({ failures: { 'recurrence.getAsync': { code: 9002, name: 'GenericResponseError' } } });
    await expect(item.getRecurrence()).rejects.toMatchObject({ code: 'GenericResponseError' });
  });

  it('say whether the appointment is all-day where the client can tell', async () => {
    await expect(setUp({ isAllDay: true }).getIsAllDay()).resolves.toBe(true);
  });

  it('reject with office_unavailable when no item is open', async () => {
    outlook = fakeOutlook();
    uninstall = outlook.install();
    const item = createAppointmentItem(() => {
      throw new OfficeError('office_unavailable', 'No item is open.');
    });
    await expect(item.getSubject()).rejects.toMatchObject({ code: 'office_unavailable' });
  });

  it('reject with office_call_failed when Office.js throws instead of calling back', async () => {
    const item = setUp();
    (
      outlook.office as unknown as { context: { mailbox: { item: { subject: { getAsync: () => void } } } } }
    ).context.mailbox.item.subject.getAsync = () => {
      throw new Error('Invalid parameters');
    };
    await expect(item.getSubject()).rejects.toMatchObject({ code: 'office_call_failed' });
  });
});
