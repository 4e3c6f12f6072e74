import { matchesUserSearch, parseUserSearch, searchTokens, SearchSyntaxError } from '../../../../src/emulators/graph/user-search';
import { resolveTeamsGraphRoute } from '../../../../src/emulators/graph/teams-graph-route';

describe('the Graph emulator’s $search on users', () => {
  const alex = {
    displayName: 'Alex Wilber',
    mail: 'alex.wilber@contoso.example',
    userPrincipalName: 'alex.wilber@contoso.example',
    jobTitle: 'Marketing Assistant',
  };

  it('tokenizes display names on spaces, case changes, digits and symbols', () => {
    expect(searchTokens('McDonald-Smith Room42b')).toEqual(['mc', 'donald', 'smith', 'room', '42', 'b']);
  });

  it('matches word starts in the display name and the start of other properties', () => {
    expect(matchesUserSearch(parseUserSearch('"displayName:wil"'), alex)).toBe(true);
    expect(matchesUserSearch(parseUserSearch('"displayName:ilber"'), alex)).toBe(false);
    expect(matchesUserSearch(parseUserSearch('"mail:alex.w"'), alex)).toBe(true);
    expect(matchesUserSearch(parseUserSearch('"mail:wilber"'), alex)).toBe(false);
  });

  it('combines clauses with OR and AND', () => {
    expect(matchesUserSearch(parseUserSearch('"displayName:zed" OR "mail:alex"'), alex)).toBe(true);
    expect(matchesUserSearch(parseUserSearch('"displayName:alex" AND "jobTitle:eng"'), alex)).toBe(false);
  });

  it.each(['alex', '"alex"', '"displayName:a" "mail:b"', '"displayName:a" OR "mail:b" AND "mail:c"', '"unknownProp:x"'])(
    'refuses %s',
    (text) => {
      expect(() => parseUserSearch(text)).toThrow(SearchSyntaxError);
    },
  );
});

describe('the Graph emulator’s Teams tab routes', () => {
  it('resolves the tab’s resources, in either key syntax', () => {
    expect(resolveTeamsGraphRoute('me/contacts', false)).toEqual({ resource: 'contacts', user: { kind: 'me' } });
    expect(resolveTeamsGraphRoute("me/contacts('AAMk%3D%3D')", false)).toEqual({ resource: 'contact', user: { kind: 'me' }, id: 'AAMk==' });
    expect(resolveTeamsGraphRoute('users/u1/extensions/org.x', false)).toEqual({
      resource: 'extension',
      user: { kind: 'key', key: 'u1' },
      id: 'org.x',
    });
    expect(resolveTeamsGraphRoute('users/u1/photo/$value', false)).toEqual({ resource: 'photoValue', user: { kind: 'key', key: 'u1' } });
    expect(resolveTeamsGraphRoute('me/chats/19%3Aa_b%40unq.gbl.spaces/members', false)).toEqual({
      resource: 'chatMembers',
      user: { kind: 'me' },
      chatId: '19:a_b@unq.gbl.spaces',
    });
    expect(resolveTeamsGraphRoute('teams/t1/channels/19%3Ac%40thread.tacv2/members', false)).toEqual({
      resource: 'channelMembers',
      teamId: 't1',
      channelId: '19:c@thread.tacv2',
    });
    expect(resolveTeamsGraphRoute('users', true)).toEqual({ resource: 'usersSearch' });
  });

  it('leaves every other path to the calendar and directory routes', () => {
    for (const path of [
      'me',
      'me/events',
      'users',
      'users/u1',
      'me/photo',
      'me/chats',
      'me/contacts/x/extensions',
      'subscriptions',
      'teams/t1',
    ]) {
      expect(resolveTeamsGraphRoute(path, false)).toBeUndefined();
    }
  });
});
