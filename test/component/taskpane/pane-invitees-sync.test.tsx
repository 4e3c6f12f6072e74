/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AlternateHostChoice } from '../../../src/addin/flows/alternate-hosts';
import { fakeServices, failure, renderPane, viewIs } from './pane-harness';

const MEGAN = 'megan.bowen@contoso.example';
const ADELE = 'adele.vance@contoso.example';
const ROSA = 'rosa.marquez@fabrikam.example';

const choices: AlternateHostChoice[] = [
  { email: MEGAN, displayName: 'Megan Bowen', eligible: true },
  { email: ADELE, displayName: 'Adele Vance', eligible: true },
  { email: ROSA, displayName: 'Rosa Marquez', eligible: false, reason: 'other_organization' },
];

const checkbox = (email: string) => screen.getByTestId(`addin-alternate-host-${email}`) as HTMLInputElement;

describe('alternate hosts in the task pane', () => {
  it('offers the attendees as alternate hosts; those outside the Webex organization are shown, not selectable, with why', async () => {
    const services = fakeServices();
    services.alternateHosts.mockResolvedValue({ choices, selected: [] });
    renderPane(services);
    await viewIs('noMeeting');
    const group = screen.getByTestId('addin-alternate-hosts');
    expect(group.getAttribute('role')).toBe('group');
    expect(within(group).getByText('Alternate hosts')).toBeTruthy();
    expect(checkbox(MEGAN).disabled).toBe(false);
    expect(checkbox(ROSA).disabled).toBe(true);
    expect(screen.getByTestId(`addin-alternate-host-${ROSA}-why`).textContent).toBe('Not in your Webex organization');
    fireEvent.click(checkbox(MEGAN));
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith(expect.objectContaining({ type: 'scheduled' }), [MEGAN]);
  });

  it('says how to choose alternate hosts while the appointment has no attendees', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    expect(screen.getByTestId('addin-alternate-hosts').textContent).toContain('Add attendees to the appointment');
  });

  it('offers none for a personal room meeting, which Webex gives no alternate hosts', async () => {
    const services = fakeServices();
    services.alternateHosts.mockResolvedValue({ choices, selected: [] });
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(checkbox(MEGAN));
    fireEvent.click(screen.getByTestId('addin-type-personal-room'));
    expect(screen.getByTestId('addin-alternate-hosts').getAttribute('data-disabled')).toBe('true');
    expect(screen.queryByTestId(`addin-alternate-host-${MEGAN}`)).toBeNull();
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith(expect.objectContaining({ type: 'personalRoom' }), []);
  });

  it('shows them again when the event is reopened, and changing them updates Webex', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.alternateHosts.mockResolvedValue({ choices, selected: [MEGAN] });
    services.saveAlternateHosts.mockResolvedValue({ choices, selected: [ADELE] });
    renderPane(services);
    await viewIs('meeting');
    expect(services.alternateHosts).toHaveBeenCalledWith('m1');
    expect(screen.getByTestId('addin-alternate-hosts-summary').textContent).toBe('Megan Bowen');
    fireEvent.click(screen.getByTestId('addin-change-options'));
    expect(checkbox(MEGAN).checked).toBe(true);
    expect(checkbox(ADELE).checked).toBe(false);
    fireEvent.click(checkbox(MEGAN));
    fireEvent.click(checkbox(ADELE));
    fireEvent.click(screen.getByTestId('addin-save-options'));
    await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('meeting.optionsSaved'));
    expect(services.saveAlternateHosts).toHaveBeenCalledWith('m1', [ADELE]);
    // Only the alternate hosts changed: the meeting's options are not sent.
    expect(services.changeOptions).not.toHaveBeenCalled();
    expect(screen.getByTestId('addin-alternate-hosts-summary').textContent).toBe('Adele Vance');
  });

  it('follows the attendees while the pane is open', async () => {
    jest.useFakeTimers();
    try {
      const services = fakeServices();
      services.alternateHosts
        .mockResolvedValueOnce({ choices: choices.slice(0, 1), selected: [] })
        .mockResolvedValue({ choices, selected: [] });
      renderPane(services);
      await viewIs('noMeeting');
      expect(screen.queryByTestId(`addin-alternate-host-${ADELE}`)).toBeNull();
      services.changeAttendees();
      await act(async () => {
        jest.advanceTimersByTime(2000);
      });
      await waitFor(() => expect(screen.getByTestId(`addin-alternate-host-${ADELE}`)).toBeTruthy());
    } finally {
      jest.useRealTimers();
    }
  });

  it('says Webex invites at most 1000 people, by code, in the user’s language', async () => {
    const services = fakeServices();
    services.addMeeting.mockRejectedValueOnce(failure('too_many_invitees'));
    renderPane(services, 'ja-JP');
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    expect(screen.getByTestId('addin-error').getAttribute('data-code')).toBe('too_many_invitees');
    expect(screen.getByTestId('addin-error').textContent).toContain('1000 人');
  });
});

describe('a sync problem in the task pane', () => {
  it('shows what is out of step and why, and "try again" brings the meeting in step', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.syncState.mockResolvedValue({ status: 'outOfStep', problems: [{ code: 'meeting_too_long', at: '2030-03-01T10:00:00.000Z' }] });
    renderPane(services);
    await viewIs('meeting');
    const notice = screen.getByTestId('addin-sync-problem');
    expect(notice.getAttribute('data-codes')).toBe('meeting_too_long');
    expect(notice.textContent).toContain('The Webex meeting is out of step with this appointment');
    expect(notice.textContent).toContain('23 hours 59 minutes');
    expect(screen.getByTestId('addin-meeting').getAttribute('data-in-step')).toBe('false');
    expect(screen.queryByTestId('addin-sync-reconnect')).toBeNull();
    expect(screen.getByTestId('addin-sync-remove')).toBeTruthy();

    fireEvent.click(screen.getByTestId('addin-sync-retry'));
    await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('sync.inStep'));
    expect(services.retrySync).toHaveBeenCalledWith('m1');
    expect(screen.queryByTestId('addin-sync-problem')).toBeNull();
    expect(screen.getByTestId('addin-meeting').getAttribute('data-in-step')).toBe('true');
  });

  it('a lost Webex authorization offers to connect Webex again, then tries again', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.syncState.mockResolvedValue({
      status: 'outOfStep',
      problems: [{ code: 'webex_reauthorization_required', at: '2030-03-01T10:00:00.000Z' }],
    });
    renderPane(services);
    await viewIs('meeting');
    expect(screen.getByTestId('addin-sync-problem').textContent).toContain('Your Webex connection has expired or was revoked');
    const buttons = within(screen.getByTestId('addin-sync-problem'))
      .getAllByRole('button')
      .map((b) => b.getAttribute('data-testid'));
    expect(buttons).toEqual(['addin-sync-reconnect', 'addin-sync-retry', 'addin-sync-remove']);
    fireEvent.click(screen.getByTestId('addin-sync-reconnect'));
    await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('sync.inStep'));
    expect(services.connectWebex).toHaveBeenCalledTimes(1);
    expect(services.retrySync).toHaveBeenCalledWith('m1');
  });

  it('a lost calendar authorization offers to authorize the calendar again', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.syncState.mockResolvedValue({
      status: 'outOfStep',
      problems: [{ code: 'graph_consent_required', at: '2030-03-01T10:00:00.000Z' }],
    });
    renderPane(services);
    await viewIs('meeting');
    expect(screen.getByTestId('addin-sync-problem').textContent).toContain('can no longer read your calendar');
    fireEvent.click(screen.getByTestId('addin-sync-authorize'));
    // Followed again at once (on-behalf-of): the change is tried again.
    await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('sync.inStep'));
    expect(services.startCalendarAuthorization).toHaveBeenCalledTimes(1);
    expect(services.retrySync).toHaveBeenCalledWith('m1');
  });

  it('when authorizing the calendar needs Microsoft’s consent page, opens the authorize view', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.syncState.mockResolvedValue({
      status: 'outOfStep',
      problems: [{ code: 'graph_user_assertion_invalid', at: '2030-03-01T10:00:00.000Z' }],
    });
    services.startCalendarAuthorization.mockResolvedValueOnce({ status: 'consent_required', url: 'https://login.example/consent' });
    renderPane(services);
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-sync-authorize'));
    await viewIs('authorize');
  });

  it('a meeting gone from Webex offers only to remove it, which takes its details out of the appointment', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    services.syncState.mockResolvedValue({ status: 'outOfStep', problems: [{ code: 'webex_not_found', at: '2030-03-01T10:00:00.000Z' }] });
    renderPane(services);
    await viewIs('meeting');
    const buttons = within(screen.getByTestId('addin-sync-problem'))
      .getAllByRole('button')
      .map((b) => b.getAttribute('data-testid'));
    expect(buttons).toEqual(['addin-sync-remove']);
    fireEvent.click(screen.getByTestId('addin-sync-remove'));
    await viewIs('noMeeting');
    expect(services.removeMeeting).toHaveBeenCalledTimes(1);
  });

  it('names the occurrence a problem is about, and speaks the user’s language', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.syncState.mockResolvedValue({
      status: 'outOfStep',
      problems: [{ code: 'webex_rejected', at: '2030-03-01T10:00:00.000Z', occurrence: '2030-03-11T17:00:00.000Z' }],
    });
    renderPane(services, 'de-DE');
    await viewIs('meeting');
    const notice = screen.getByTestId('addin-sync-problem');
    expect(notice.textContent).toContain('Die Webex-Besprechung ist nicht auf dem Stand dieses Termins');
    expect(notice.textContent).toContain('Vorkommen vom 11.03.2030');
    expect(notice.textContent).toContain('Webex hat die letzte Änderung des Termins abgelehnt.');
    expect(screen.getByTestId('addin-sync-retry').textContent).toBe('Erneut versuchen');
  });

  it('still shows the meeting when its sync state cannot be read, and no problem it does not know of', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.syncState.mockRejectedValue(failure('network_error'));
    services.alternateHosts.mockRejectedValue(failure('webex_unavailable'));
    renderPane(services);
    await viewIs('meeting');
    expect(screen.queryByTestId('addin-sync-problem')).toBeNull();
    expect(screen.queryByTestId('addin-alternate-hosts-summary')).toBeNull();
  });

  it('keeps the problem shown when trying again did not help', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    const outOfStep = { status: 'outOfStep' as const, problems: [{ code: 'recurrence_unsupported', at: '2030-03-01T10:00:00.000Z' }] };
    services.syncState.mockResolvedValue(outOfStep);
    services.retrySync.mockResolvedValue(outOfStep);
    renderPane(services, 'ru-RU');
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-sync-retry'));
    await waitFor(() => expect(services.retrySync).toHaveBeenCalled());
    await viewIs('meeting');
    expect(screen.getByTestId('addin-sync-problem').textContent).toContain('Webex не может повторять встречу');
    expect(screen.queryByTestId('addin-notice')).toBeNull();
  });
});
