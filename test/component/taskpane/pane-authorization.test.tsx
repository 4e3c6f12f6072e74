/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { failure, fakeServices, me, renderPane, viewIs } from './pane-harness';

const CONSENT_URL = 'http://localhost:3001/auth/microsoft/start?state=s2';
const consentRequired = { status: 'consent_required' as const, url: CONSENT_URL };
const needsCalendar = () => me({ calendarAccess: 'required', requiredActions: ['authorize_calendar'] });

describe('the task pane following requiredActions', () => {
  it('authorizes the calendar at once and carries on silently when Microsoft has the user’s consent', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(needsCalendar());
    renderPane(services);
    await viewIs('noMeeting');
    expect(services.startCalendarAuthorization).toHaveBeenCalledTimes(1);
    expect(services.authorizeCalendar).not.toHaveBeenCalled();
    expect(screen.queryByTestId('addin-notice')).toBeNull();
  });

  it('asks to authorize the calendar when consent is needed, and opens the dialog on Authorize', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(needsCalendar());
    services.startCalendarAuthorization.mockResolvedValueOnce(consentRequired);
    renderPane(services);
    await viewIs('authorize');
    expect(screen.getByTestId('addin-authorize-calendar-view').textContent).toContain('on your phone, in another Outlook');
    expect(services.authorizeCalendar).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('addin-authorize-calendar'));
    await viewIs('noMeeting');
    expect(services.authorizeCalendar).toHaveBeenCalledWith(CONSENT_URL);
    expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('calendar.authorized');
  });

  it('shows why the dialog failed, and trying again asks the backend for a new page', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValue(needsCalendar());
    services.startCalendarAuthorization.mockResolvedValue(consentRequired);
    services.authorizeCalendar.mockRejectedValueOnce(failure('authorization_declined'));
    renderPane(services);
    await viewIs('authorize');
    fireEvent.click(screen.getByTestId('addin-authorize-calendar'));
    await viewIs('error');
    expect(screen.getByTestId('addin-error').getAttribute('data-code')).toBe('authorization_declined');

    fireEvent.click(screen.getByTestId('addin-retry'));
    await viewIs('authorize');
    expect(services.startCalendarAuthorization).toHaveBeenCalledTimes(2);
    expect(services.authorizeCalendar).toHaveBeenCalledTimes(1);
  });

  it('lets the user put the authorization off when Microsoft cannot be reached, and add meetings meanwhile', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValue(needsCalendar());
    services.startCalendarAuthorization.mockRejectedValueOnce(failure('microsoft_unavailable'));
    renderPane(services);
    await viewIs('error');
    expect(screen.getByTestId('addin-error').getAttribute('data-code')).toBe('microsoft_unavailable');
    fireEvent.click(screen.getByTestId('addin-later'));
    await viewIs('noMeeting');
    expect(services.startCalendarAuthorization).toHaveBeenCalledTimes(1);
  });

  it('puts the authorization off on “Not now”, and the settings offer it again', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValue(needsCalendar());
    services.startCalendarAuthorization.mockResolvedValue(consentRequired);
    renderPane(services);
    await viewIs('authorize');
    fireEvent.click(screen.getByTestId('addin-authorize-later'));
    await viewIs('noMeeting');

    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    expect(screen.getByTestId('addin-calendar-access').getAttribute('data-access')).toBe('required');
    fireEvent.click(screen.getByTestId('addin-settings-authorize-calendar'));
    await viewIs('authorize');
    expect(services.startCalendarAuthorization).toHaveBeenCalledTimes(2);
  });

  it('connects Webex first, then authorizes the calendar, in the order the backend gives', async () => {
    const services = fakeServices();
    services.loadMe
      .mockResolvedValueOnce(me({ webexLinked: false, calendarAccess: 'required', requiredActions: ['link_webex', 'authorize_calendar'] }))
      .mockResolvedValueOnce(needsCalendar());
    services.startCalendarAuthorization.mockResolvedValueOnce(consentRequired);
    renderPane(services);
    await viewIs('connect');
    expect(services.startCalendarAuthorization).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('addin-connect-webex'));
    await viewIs('authorize');
    expect(services.connectWebex).toHaveBeenCalledTimes(1);
  });

  it('in admin mode asks for no Webex linking and no authorization, and says the organization does both', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(
      me({ tenantMode: 'admin', webexLinked: false, calendarAccess: 'organization', webexScheduling: 'organization', requiredActions: [] }),
    );
    renderPane(services);
    await viewIs('noMeeting');
    expect(services.startCalendarAuthorization).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    expect(screen.getByTestId('addin-calendar-access').getAttribute('data-access')).toBe('organization');
    expect(screen.getByTestId('addin-webex-scheduling').getAttribute('data-scheduling')).toBe('organization');
    expect(screen.getByTestId('addin-calendar-access').textContent).toContain('for everyone');
    expect(screen.queryByTestId('addin-disconnect-webex')).toBeNull();
    expect(screen.queryByTestId('addin-withdraw-calendar')).toBeNull();
    expect(screen.queryByTestId('addin-settings-authorize-calendar')).toBeNull();
  });

  it('says in the settings that the user authorized their own calendar, and withdraws it', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    expect(screen.getByTestId('addin-calendar-access').getAttribute('data-access')).toBe('user');
    expect(screen.getByTestId('addin-webex-scheduling').getAttribute('data-scheduling')).toBe('personal');
    fireEvent.click(screen.getByTestId('addin-withdraw-calendar'));
    await viewIs('noMeeting');
    expect(services.withdrawCalendarAuthorization).toHaveBeenCalledTimes(1);
    expect(services.startCalendarAuthorization).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await waitFor(() => expect(screen.getByTestId('addin-calendar-access').getAttribute('data-access')).toBe('required'));
  });

  it('explains the mode in force in the user’s language', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(needsCalendar());
    services.startCalendarAuthorization.mockResolvedValueOnce(consentRequired);
    renderPane(services, 'de-DE');
    await viewIs('authorize');
    expect(screen.getByTestId('addin-authorize-calendar').textContent).toBe('Autorisieren');
  });
});
