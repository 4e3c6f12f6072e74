import { userAuthorizationState } from '../../../../src/server/admin/user-authorization-state';

describe('what the add-in is told about authorization', () => {
  it('in admin mode with the organization’s Webex token, asks nothing of the user', () => {
    expect(userAuthorizationState({ tenantMode: 'admin', webexServiceToken: true, webexLinked: false, calendarAuthorized: false })).toEqual(
      {
        calendarAccess: 'organization',
        webexScheduling: 'organization',
        requiredActions: [],
      },
    );
  });

  it('in admin mode without an organization Webex token, asks the user to link Webex only', () => {
    expect(
      userAuthorizationState({ tenantMode: 'admin', webexServiceToken: false, webexLinked: false, calendarAuthorized: false })
        .requiredActions,
    ).toEqual(['link_webex']);
  });

  it('in individual mode, asks for the Webex link first, then the calendar', () => {
    expect(
      userAuthorizationState({ tenantMode: 'individual', webexServiceToken: true, webexLinked: false, calendarAuthorized: false }),
    ).toEqual({
      calendarAccess: 'required',
      webexScheduling: 'personal',
      requiredActions: ['link_webex', 'authorize_calendar'],
    });
  });

  it('in individual mode, once both are done, asks nothing', () => {
    expect(
      userAuthorizationState({ tenantMode: 'individual', webexServiceToken: false, webexLinked: true, calendarAuthorized: true }),
    ).toEqual({
      calendarAccess: 'user',
      webexScheduling: 'personal',
      requiredActions: [],
    });
  });
});
