import { graphCollectionIssues, graphTypeIssues } from '../../helpers/graph-type-checker';

describe('graph-type-checker', () => {
  it('accepts a resource as Graph writes it, annotations included', () => {
    const event = {
      '@odata.etag': 'W/"abc"',
      id: 'AAMk',
      subject: 'x',
      start: { dateTime: '2026-11-03T09:00:00.0000000', timeZone: 'UTC' },
      attendees: [
        {
          type: 'required',
          emailAddress: { address: 'a@example.org', name: 'A' },
          status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        },
      ],
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'noEnd', startDate: '2026-11-02', recurrenceTimeZone: 'UTC' },
      },
      reminderMinutesBeforeStart: 15,
      createdDateTime: '2026-01-01T00:00:00.1234567Z',
      'singleValueExtendedProperties@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#x',
      singleValueExtendedProperties: [{ id: 'String 0x1', value: 'v' }],
    };
    expect(graphTypeIssues('event', event)).toEqual([]);
  });

  it('reports a property Graph does not define, a value of the wrong type, a bad enum member and a null where none is allowed', () => {
    const issues = graphTypeIssues('event', {
      id: 'AAMk',
      color: 'red',
      isAllDay: 'no',
      importance: 'urgent',
      reminderMinutesBeforeStart: 1.5,
      createdDateTime: '2026-01-01 00:00',
      cancelledOccurrences: null,
      start: { dateTime: null },
    });
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['cancelledOccurrences', 'color', 'createdDateTime', 'importance', 'isAllDay', 'reminderMinutesBeforeStart', 'start.dateTime'].sort(),
    );
  });

  it('follows @odata.type to a derived type and takes dynamic properties only where Graph does', () => {
    const member = {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      id: 'm',
      roles: [],
      userId: 'u',
      tenantId: 't',
      email: null,
    };
    expect(graphCollectionIssues('conversationMember', { value: [member] })).toEqual([]);
    expect(graphCollectionIssues('conversationMember', { value: [{ id: 'm', roles: [] }] }).map((i) => i.path)).toEqual(['value[0]']);
    expect(
      graphTypeIssues('openTypeExtension', {
        '@odata.type': '#microsoft.graph.openTypeExtension',
        id: 'x',
        extensionName: 'x',
        names: ['a'],
      }),
    ).toEqual([]);
    expect(graphTypeIssues('openTypeExtension', { id: 'x', extensionName: 'x', nested: { a: 1 } }).map((i) => i.path)).toEqual(['nested']);
    expect(graphTypeIssues('organization', { id: 'o', onPremisesSyncStatus: [] }).map((i) => i.path)).toEqual(['onPremisesSyncStatus']);
  });
});
