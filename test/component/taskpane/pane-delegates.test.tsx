/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { DelegationStatus } from '../../../src/addin/api/api-types';
import { failure, fakeServices, me, renderPane, viewIs } from './pane-harness';

const ALEX = 'alex.wilber@contoso.example';
const status = (overrides: Partial<DelegationStatus> = {}): DelegationStatus => ({
  owner: { userId: 'u2', displayName: 'Alex Wilber' },
  webexScheduling: 'personal',
  ready: true,
  ownerActions: [],
  ...overrides,
});

function delegateServices(delegation: DelegationStatus = status()) {
  const services = fakeServices();
  services.calendarOwner.mockResolvedValue(ALEX);
  services.loadDelegation.mockResolvedValue({ owner: ALEX, status: delegation });
  return services;
}

describe('the task pane in a calendar delegated to the user', () => {
  it('says for whom the meeting is made, and does not ask the delegate to connect a Webex account of their own', async () => {
    const services = delegateServices();
    services.loadMe.mockResolvedValueOnce(me({ webexLinked: false, requiredActions: ['link_webex'] }));
    renderPane(services);
    await viewIs('noMeeting');
    const forWhom = screen.getByTestId('addin-on-behalf-of');
    expect(forWhom.getAttribute('data-owner')).toBe(ALEX);
    expect(forWhom.textContent).toContain('Alex Wilber');
    expect(screen.queryByTestId('addin-owner-actions')).toBeNull();
  });

  it('says what the owner must do: connect Webex and allow delegates before, authorize the calendar for later edits', async () => {
    const services = delegateServices(status({ ready: false, ownerActions: ['link_webex', 'allow_delegates', 'authorize_calendar'] }));
    renderPane(services);
    await viewIs('noMeeting');
    const actions = screen.getByTestId('addin-owner-actions');
    expect(actions.getAttribute('data-actions')).toBe('link_webex,allow_delegates,authorize_calendar');
    expect(actions.getAttribute('data-ready')).toBe('false');
    expect(actions.textContent).toContain('Let my Outlook delegates add Webex meetings for me');
    expect(actions.textContent).toContain('Later changes to this appointment will not reach the Webex meeting until Alex Wilber');
  });

  it('asks the delegate’s own consent first, then asks the backend about the calendar', async () => {
    const services = delegateServices();
    services.loadMe.mockResolvedValueOnce(
      me({ webexLinked: false, calendarAccess: 'required', requiredActions: ['link_webex', 'authorize_calendar'] }),
    );
    services.startCalendarAuthorization.mockResolvedValueOnce({
      status: 'consent_required',
      url: 'http://localhost:3001/auth/microsoft/start?state=s',
    });
    renderPane(services);
    await viewIs('authorize');
    expect(services.loadDelegation).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('addin-authorize-calendar'));
    await viewIs('noMeeting');
    expect(services.loadDelegation).toHaveBeenCalled();
    expect(screen.getByTestId('addin-on-behalf-of')).toBeTruthy();
  });

  it('refuses someone who is not a delegate, with a sentence', async () => {
    const services = delegateServices();
    services.loadDelegation.mockRejectedValue(failure('delegate_access_required'));
    renderPane(services);
    await viewIs('error');
    expect(screen.getByTestId('addin-error').getAttribute('data-code')).toBe('delegate_access_required');
    expect(screen.getByTestId('addin-error').textContent).toContain('has not made you a delegate');
  });

  it('offers to authorize again when Microsoft lacks the consent the check needs', async () => {
    const services = delegateServices();
    services.loadDelegation.mockRejectedValueOnce(failure('delegate_consent_required'));
    services.startCalendarAuthorization.mockResolvedValueOnce({
      status: 'consent_required',
      url: 'http://localhost:3001/auth/microsoft/start?state=s',
    });
    renderPane(services);
    await viewIs('error');
    fireEvent.click(screen.getByTestId('addin-authorize-again'));
    await viewIs('authorize');
  });

  it('names the owner’s missing setting when adding is refused, in the user’s language', async () => {
    const services = delegateServices();
    services.addMeeting.mockRejectedValueOnce(failure('owner_delegation_disabled'));
    renderPane(services, 'de-DE');
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    expect(screen.getByTestId('addin-error').textContent).toContain('Stellvertretungen');
  });
});

describe('the settings', () => {
  it('let a user with their own Webex account allow delegates, off by default', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    const toggle = screen.getByTestId('addin-allow-delegates') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    fireEvent.click(screen.getByTestId('addin-save-settings'));
    await waitFor(() => expect(services.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ allowDelegates: true })));
  });

  it('do not offer it where the organization’s Webex account schedules', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(me({ tenantMode: 'admin', calendarAccess: 'organization', webexScheduling: 'organization' }));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    expect(screen.queryByTestId('addin-allow-delegates')).toBeNull();
  });
});
