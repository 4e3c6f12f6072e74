import { attendeeSetText, inviteeChanges, inviteesFromAttendees, MAX_INVITEES, parseInvitees } from '../../../src/core/invitees';
import { validateMeetingDraft } from '../../../src/core/meeting-draft';

describe('invitees from attendees', () => {
  it('leaves out rooms, the organizer and what is not an address, keeps each address once, marks alternate hosts', () => {
    const invitees = inviteesFromAttendees(
      [
        { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen' },
        { email: 'Room-1@contoso.example', displayName: 'Room 1', type: 'resource' },
        { email: 'ALEX.WILBER@contoso.example' },
        { email: 'not an address' },
        { email: 'Megan.Bowen@contoso.example', displayName: 'Megan again' },
        { email: 'guest@example.org', displayName: 'guest@example.org', type: 'optional' },
      ],
      { exclude: ['alex.wilber@contoso.example', undefined], alternateHosts: ['MEGAN.BOWEN@contoso.example'] },
    );
    expect(invitees).toEqual([
      { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', coHost: true },
      { email: 'guest@example.org', coHost: false },
    ]);
    expect(attendeeSetText(invitees)).toBe('guest@example.org\nmegan.bowen@contoso.example');
  });
});

describe('invitees in a draft', () => {
  const draft = { start: '2030-03-04T17:00:00Z', end: '2030-03-04T17:30:00Z', timeZone: 'UTC' };
  it('are checked and kept', () => {
    const result = validateMeetingDraft({
      ...draft,
      invitees: [{ email: 'megan.bowen@contoso.example', coHost: true }, { email: 'Megan.Bowen@contoso.example' }],
    });
    expect(result.ok && result.draft.invitees).toEqual([{ email: 'megan.bowen@contoso.example', coHost: true }]);
  });

  it('are refused beyond Webex’s 1000, with too_many_invitees, and when malformed with invalid_invitees', () => {
    const many = Array.from({ length: MAX_INVITEES + 1 }, (_, n) => ({ email: `p${n}@example.org` }));
    expect(validateMeetingDraft({ ...draft, invitees: many })).toMatchObject({
      ok: false,
      issue: { code: 'too_many_invitees', field: 'invitees' },
    });
    expect(validateMeetingDraft({ ...draft, invitees: many.slice(0, MAX_INVITEES) }).ok).toBe(true);
    expect(validateMeetingDraft({ ...draft, invitees: [{ email: 'nobody' }] })).toMatchObject({
      ok: false,
      issue: { code: 'invalid_invitees' },
    });
    expect(parseInvitees([{ email: 'a@example.org', role: 'x' }])).toMatchObject({ ok: false, code: 'invalid_invitees' });
  });
});

describe('inviteeChanges', () => {
  const listed = [
    { id: 's_1', email: 'megan.bowen@contoso.example', coHost: true, meetingId: 's' },
    { id: 's_2', email: 'gone@example.org', coHost: false, meetingId: 's' },
    { id: 's_3', email: 'own@example.org', coHost: false, meetingId: 's_20300311T170000Z' },
  ];
  it('adds the missing, removes the departed, and changes alternate hosts unless told to keep them', () => {
    const wanted = [
      { email: 'Megan.Bowen@contoso.example', coHost: false },
      { email: 'new@example.org', coHost: false },
    ];
    const changes = inviteeChanges(listed, wanted);
    expect(changes.add).toEqual([{ email: 'new@example.org', coHost: false }]);
    expect(changes.remove.map((i) => i.id)).toEqual(['s_2', 's_3']);
    expect(changes.update).toEqual([{ invitee: listed[0], coHost: false }]);
    expect(inviteeChanges(listed, wanted, { keepCoHost: true }).update).toEqual([]);
  });

  it('for one occurrence, never removes its series’ invitees (Webex would remove them from the whole series)', () => {
    const changes = inviteeChanges(listed, [{ email: 'megan.bowen@contoso.example', coHost: true }], { meetingId: 's_20300311T170000Z' });
    expect(changes.remove.map((i) => i.id)).toEqual(['s_3']);
  });
});
