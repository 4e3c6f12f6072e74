import {
  directorySearchExpression,
  mergePerson,
  personFromContact,
  personFromMember,
  personFromUser,
} from '../../../../src/server/teams/people';

describe('what the tab is told about people', () => {
  it('keeps of a directory user only what the tab shows and dials', () => {
    expect(
      personFromUser({
        id: 'u1',
        displayName: 'Megan Bowen',
        jobTitle: 'Marketing Manager',
        mail: 'megan@contoso.example',
        userPrincipalName: 'megan@contoso.example',
        businessPhones: ['+1 425 555 0103'],
        mobilePhone: '+1 425 555 0199',
        preferredLanguage: 'de-DE',
        officeLocation: '12/1110',
      }),
    ).toEqual({
      kind: 'user',
      id: 'u1',
      displayName: 'Megan Bowen',
      jobTitle: 'Marketing Manager',
      email: 'megan@contoso.example',
      phones: [
        { kind: 'business', number: '+1 425 555 0103' },
        { kind: 'mobile', number: '+1 425 555 0199' },
      ],
    });
  });

  it('falls back to the sign-in name when a user has no mail', () => {
    expect(personFromUser({ id: 'u2', displayName: 'Guest', mail: null, userPrincipalName: 'guest_x#EXT#@contoso.example' }).email).toBe(
      'guest_x#EXT#@contoso.example',
    );
  });

  it('takes a contact’s first address and every number once', () => {
    expect(
      personFromContact({
        id: 'c1',
        displayName: '',
        givenName: 'Patti',
        surname: 'Fernandez',
        emailAddresses: [{ name: 'Patti', address: 'patti@northwind.example' }, { address: 'p@home.example' }],
        businessPhones: ['+1 206 555 0143'],
        mobilePhone: '+1 206 555 0143',
        homePhones: ['+1 206 555 0150'],
        personalNotes: 'likes cats',
      }),
    ).toEqual({
      kind: 'contact',
      id: 'c1',
      displayName: 'Patti Fernandez',
      email: 'patti@northwind.example',
      phones: [
        { kind: 'business', number: '+1 206 555 0143' },
        { kind: 'home', number: '+1 206 555 0150' },
      ],
    });
  });

  it('drops members that are not directory users and completes the others from the directory', () => {
    expect(personFromMember({ displayName: 'A bot' })).toBeUndefined();
    const member = personFromMember({ userId: 'u1', displayName: 'Megan', email: 'megan@contoso.example' })!;
    expect(member).toEqual({ kind: 'user', id: 'u1', displayName: 'Megan', email: 'megan@contoso.example', phones: [] });
    expect(
      mergePerson(member, {
        kind: 'user',
        id: 'u1',
        displayName: 'Megan Bowen',
        jobTitle: 'Manager',
        phones: [{ kind: 'business', number: '1' }],
      }),
    ).toEqual({
      kind: 'user',
      id: 'u1',
      displayName: 'Megan Bowen',
      jobTitle: 'Manager',
      email: 'megan@contoso.example',
      phones: [{ kind: 'business', number: '1' }],
    });
  });
});

describe('the directory search expression', () => {
  it('searches the name by word and the addresses by their start', () => {
    expect(directorySearchExpression('meg')).toBe('"displayName:meg" OR "mail:meg" OR "userPrincipalName:meg"');
  });

  it('cannot be broken out of with quotes or backslashes', () => {
    expect(directorySearchExpression('a" OR "mail:\\x')).toBe(
      '"displayName:a OR mail: x" OR "mail:a OR mail: x" OR "userPrincipalName:a OR mail: x"',
    );
  });
});
