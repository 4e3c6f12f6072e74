/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DEFAULT_SETTINGS } from '../../../src/addin/api/api-types';
import { fakeServices, failure, me, meeting, renderPane, viewIs } from './pane-harness';

describe('the task pane', () => {
  it('shows progress while signing in, announced to screen readers', async () => {
    const services = fakeServices();
    let finish: (value: ReturnType<typeof me>) => void = () => undefined;
    services.loadMe.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    renderPane(services);
    const progress = screen.getByTestId('addin-progress');
    expect(progress.getAttribute('data-task')).toBe('signingIn');
    expect(progress.getAttribute('role')).toBe('status');
    expect(progress.textContent).toContain('Signing in…');
    await act(async () => finish(me()));
    await viewIs('noMeeting');
  });

  it('asks to sign in when sign-in needs the user, and signs in on the button', async () => {
    const services = fakeServices();
    services.loadMe.mockRejectedValueOnce(failure('sign_in_required'));
    renderPane(services);
    await viewIs('signIn');
    fireEvent.click(screen.getByTestId('addin-sign-in'));
    await viewIs('noMeeting');
    expect(services.signIn).toHaveBeenCalledTimes(1);
  });

  it('shows the sign-in at once, trying nothing first, when nobody can be signed in without the user', async () => {
    const services = fakeServices();
    services.signInNeeded.mockReturnValue(true);
    renderPane(services);
    // The first render is the sign-in: no progress in between.
    expect(screen.queryByTestId('addin-progress')).toBeNull();
    expect(screen.getByTestId('addin-sign-in')).toBeTruthy();
    expect(services.loadMe).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('addin-sign-in'));
    await viewIs('noMeeting');
    expect(services.signIn).toHaveBeenCalledTimes(1);
    expect(services.loadMe).toHaveBeenCalledTimes(1);
  });

  it('offers to connect Webex when the account is not linked, in an Office dialog', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(me({ webexLinked: false, requiredActions: ['link_webex'] }));
    renderPane(services);
    await viewIs('connect');
    expect(screen.getByTestId('addin-not-linked').textContent).toContain('Connect your Webex account');
    fireEvent.click(screen.getByTestId('addin-connect-webex'));
    await viewIs('noMeeting');
    expect(services.connectWebex).toHaveBeenCalledTimes(1);
    // Which Webex account was linked, so that a wrong one is noticed at once.
    expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('webex.connectedAs');
    expect(screen.getByTestId('addin-notice').textContent).toContain('alex.wilber@contoso.example');
  });

  it('names the linked Webex account in the settings, as Webex gives it when they open', async () => {
    const services = fakeServices();
    services.webexAccount.mockResolvedValueOnce({ email: 'adele.vance@contoso.example' });
    renderPane(services);
    await viewIs('noMeeting');
    expect(services.webexAccount).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await waitFor(() => expect(screen.getByTestId('addin-webex-account').getAttribute('data-email')).toBe('adele.vance@contoso.example'));
    expect(screen.getByTestId('addin-webex-account').textContent).toContain('adele.vance@contoso.example');
    expect(services.webexAccount).toHaveBeenCalledTimes(1);
  });

  it('leaves the account line out when Webex cannot say which account is linked', async () => {
    const services = fakeServices();
    services.webexAccount.mockRejectedValueOnce(failure('webex_unavailable'));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await waitFor(() => expect(services.webexAccount).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('addin-settings')).toBeTruthy();
    expect(screen.queryByTestId('addin-webex-account')).toBeNull();
  });

  it('tells the user to ask their administrator when the deployment does not accept this add-in', async () => {
    const services = fakeServices();
    services.loadMe.mockRejectedValueOnce(failure('token_client_not_allowed'));
    renderPane(services);
    await viewIs('error');
    expect(screen.getByTestId('addin-error').getAttribute('data-code')).toBe('token_client_not_allowed');
    expect(screen.getByTestId('addin-pane').textContent).toContain('Tell your administrator');
  });

  it('after a Webex sign-in started in someone else’s Outlook, says so and offers to connect again', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(me({ webexLinked: false, requiredActions: ['link_webex'] }));
    services.connectWebex.mockRejectedValueOnce(failure('webex_link_user_mismatch'));
    renderPane(services);
    await viewIs('connect');
    fireEvent.click(screen.getByTestId('addin-connect-webex'));
    await viewIs('error');
    expect(screen.getByTestId('addin-pane').textContent).toContain('someone else’s Outlook');
    expect(screen.getByTestId('addin-error').getAttribute('data-code')).toBe('webex_link_user_mismatch');
    expect(screen.getByTestId('addin-reconnect')).toBeTruthy();
  });

  it('without a meeting, offers Add with the options preset from the user’s settings', async () => {
    const services = fakeServices();
    services.loadMe.mockResolvedValueOnce(
      me({
        settings: {
          ...DEFAULT_SETTINGS,
          defaultMeetingType: 'personalRoom',
          password: true,
          joinBeforeHost: true,
          autoRecord: false,
          addToEveryNewMeeting: false,
          allowDelegates: false,
        },
      }),
    );
    renderPane(services);
    await viewIs('noMeeting');
    expect((screen.getByTestId('addin-type-personal-room') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('addin-join-before-host') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('addin-auto-record') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByTestId('addin-password')).toBeNull();

    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith({ type: 'personalRoom', joinBeforeHost: true, joinBeforeHostMinutes: 0 }, []);
  });

  it('sends the password and options the user chose', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.change(screen.getByTestId('addin-password'), { target: { value: 'Secret 42' } });
    fireEvent.click(screen.getByTestId('addin-auto-record'));
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith(
      { type: 'scheduled', password: 'Secret42', joinBeforeHost: false, autoRecord: true },
      [],
    );
  });

  it('shows progress while adding', async () => {
    const services = fakeServices();
    let finish: () => void = () => undefined;
    services.addMeeting.mockReturnValue(new Promise((resolve) => (finish = () => resolve({ status: 'added', meeting: meeting() }))));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    expect(screen.getByTestId('addin-progress').getAttribute('data-task')).toBe('adding');
    await act(async () => finish());
    await viewIs('meeting');
  });

  it('shows the meeting: join link, number, password, video address and dial-in', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    renderPane(services);
    await viewIs('meeting');
    const link = screen.getByTestId('addin-join-link') as HTMLAnchorElement;
    expect(link.href).toBe('https://contoso.webex.com/contoso/j.php?MTID=m0123');
    expect(screen.getByTestId('addin-meeting-number').textContent).toBe('2555 123 4567');
    expect(screen.getByTestId('addin-meeting-password').textContent).toBe('Xy7pQr2s');
    expect(screen.getByTestId('addin-video-address').textContent).toBe('25551234567@contoso.webex.com');
    expect(screen.getByTestId('addin-dial-in').textContent).toContain('+1-415-655-0001');
    expect(services.getMeeting).toHaveBeenCalledWith('m1');
  });

  it('hides the password when the user keeps it out of invitations', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    services.getMeeting.mockResolvedValueOnce(meeting({ excludePassword: true }));
    renderPane(services);
    await viewIs('meeting');
    expect(screen.queryByTestId('addin-meeting-password')).toBeNull();
  });

  it('shows an existing meeting when Add finds the appointment already has one', async () => {
    const services = fakeServices();
    services.addMeeting.mockResolvedValueOnce({ status: 'alreadyAdded', meetingId: 'm9' });
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.getMeeting).toHaveBeenCalledWith('m9');
  });

  it('copies the join link and says so', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    renderPane(services);
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-copy-link'));
    await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('meeting.copied'));
    expect(services.copyText).toHaveBeenCalledWith('https://contoso.webex.com/contoso/j.php?MTID=m0123');
  });

  it('changes the options of the meeting', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    renderPane(services);
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-change-options'));
    fireEvent.click(screen.getByTestId('addin-join-before-host'));
    fireEvent.click(screen.getByTestId('addin-save-options'));
    await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('meeting.optionsSaved'));
    expect(services.changeOptions).toHaveBeenCalledWith('m1', { joinBeforeHost: true, joinBeforeHostMinutes: 0, autoRecord: false });
  });

  it('removes the meeting and offers Add again', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    renderPane(services);
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-remove-meeting'));
    await viewIs('noMeeting');
    expect(services.removeMeeting).toHaveBeenCalledTimes(1);
  });

  it('follows a change of the appointment’s time while the meeting is shown', async () => {
    jest.useFakeTimers();
    try {
      const services = fakeServices();
      services.findMeeting.mockResolvedValueOnce('m1');
      renderPane(services);
      await viewIs('meeting');
      services.changeItem();
      services.changeItem();
      await act(async () => {
        jest.advanceTimersByTime(2000);
      });
      await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('meeting.followed'));
      expect(services.updateFromItem).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('errors in the task pane', () => {
  it('refuses an all-day appointment with a sentence and a way to try again', async () => {
    const services = fakeServices();
    services.addMeeting.mockRejectedValueOnce(failure('all_day_not_supported'));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    const error = screen.getByTestId('addin-error');
    expect(error.getAttribute('data-code')).toBe('all_day_not_supported');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('cannot be all-day');
    fireEvent.click(screen.getByTestId('addin-retry'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledTimes(2);
  });

  it('says a meeting is too long', async () => {
    const services = fakeServices();
    services.addMeeting.mockRejectedValueOnce(failure('meeting_too_long'));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    expect(screen.getByTestId('addin-error').textContent).toContain('23 hours 59 minutes');
  });

  it('offers to connect Webex again when the Webex grant was revoked', async () => {
    const services = fakeServices();
    services.addMeeting.mockRejectedValueOnce(failure('webex_reauthorization_required'));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    fireEvent.click(screen.getByTestId('addin-reconnect'));
    await viewIs('noMeeting');
    expect(services.connectWebex).toHaveBeenCalledTimes(1);
  });

  it('offers to sign in again when the backend refuses the token', async () => {
    const services = fakeServices();
    services.loadMe.mockRejectedValueOnce(failure('token_expired'));
    renderPane(services);
    await viewIs('error');
    fireEvent.click(screen.getByTestId('addin-sign-in-again'));
    await viewIs('noMeeting');
    expect(services.signIn).toHaveBeenCalledTimes(1);
  });

  it('tells how long to wait when Webex is unavailable, and retries', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValue('m1');
    services.getMeeting.mockRejectedValueOnce(failure('webex_unavailable', { retryAfterSeconds: 30 }));
    renderPane(services);
    await viewIs('error');
    expect(screen.getByTestId('addin-error').textContent).toContain('30 seconds');
    fireEvent.click(screen.getByTestId('addin-retry'));
    await viewIs('meeting');
  });

  it('offers to remove the details of a meeting that no longer exists', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    services.getMeeting.mockRejectedValueOnce(failure('meeting_not_found'));
    renderPane(services);
    await viewIs('error');
    expect(screen.getByTestId('addin-retry')).toBeTruthy();
    fireEvent.click(screen.getByTestId('addin-remove-details'));
    await viewIs('noMeeting');
    expect(services.removeMeeting).toHaveBeenCalledTimes(1);
  });

  it('says Outlook could not change the appointment, never Office’s internal error', async () => {
    const services = fakeServices();
    services.addMeeting.mockRejectedValueOnce(
      Object.assign(new Error('GenericResponseError at line 12'), { name: 'OfficeError', code: 'GenericResponseError' }),
    );
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    const text = screen.getByTestId('addin-error').textContent ?? '';
    expect(text).toContain('Outlook could not change the appointment');
    expect(text).not.toContain('line 12');
  });

  it('gives an unknown failure a sentence and a retry, not a blank pane', async () => {
    const services = fakeServices();
    services.loadMe.mockRejectedValueOnce(new TypeError('x is undefined'));
    renderPane(services);
    await viewIs('error');
    expect(screen.getByTestId('addin-error').getAttribute('data-code')).toBe('unknown');
    expect(screen.getByTestId('addin-error').textContent).not.toContain('x is undefined');
    fireEvent.click(screen.getByTestId('addin-retry'));
    await viewIs('noMeeting');
  });
});

describe('settings in the task pane', () => {
  it('shows the user’s settings and saves a change', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    const everyNew = screen.getByTestId('addin-setting-add-to-every') as HTMLInputElement;
    expect(everyNew.checked).toBe(false);
    fireEvent.click(everyNew);
    fireEvent.click(screen.getByTestId('addin-save-settings'));
    await viewIs('noMeeting');
    expect(services.saveSettings).toHaveBeenCalledWith(
      expect.objectContaining({ addToEveryNewMeeting: true, defaultMeetingType: 'scheduled' }),
    );
    expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('settings.saved');
  });

  it('disconnects Webex', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    fireEvent.click(screen.getByTestId('addin-disconnect-webex'));
    await viewIs('connect');
    expect(services.disconnectWebex).toHaveBeenCalledTimes(1);
  });

  it('goes back without saving', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    renderPane(services);
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    fireEvent.click(screen.getByTestId('addin-close-settings'));
    await viewIs('meeting');
    expect(services.saveSettings).not.toHaveBeenCalled();
  });
});

describe('the task pane in Russian', () => {
  it('speaks the user’s Office language, errors included', async () => {
    const services = fakeServices();
    services.addMeeting.mockRejectedValueOnce(failure('all_day_not_supported'));
    renderPane(services, 'ru-RU');
    await viewIs('noMeeting');
    expect(screen.getByTestId('addin-add-meeting').textContent).toBe('Добавить встречу Webex');
    expect(within(screen.getByTestId('addin-no-meeting')).getByText('Запланированная встреча')).toBeTruthy();
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    expect(screen.getByTestId('addin-error').textContent).toContain('не может длиться весь день');
    expect(screen.getByTestId('addin-retry').textContent).toBe('Повторить');
  });
});

describe('keyboard use of the task pane', () => {
  it('moves focus to the heading of each new view', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    expect(document.activeElement?.tagName).toBe('H1');
    expect(document.activeElement?.textContent).toBe('Add a Webex meeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(document.activeElement?.textContent).toBe('Webex meeting added');
  });

  it('moves focus to an error when it appears, so that its way forward is the next Tab', async () => {
    const services = fakeServices();
    services.addMeeting.mockRejectedValueOnce(failure('webex_unavailable'));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('error');
    expect(document.activeElement).toBe(screen.getByTestId('addin-error'));
    expect(screen.getByTestId('addin-error').contains(screen.getByTestId('addin-retry'))).toBe(true);
  });

  it('offers the main actions as native buttons in reading order, which Tab reaches and Enter or Space runs', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    renderPane(services);
    await viewIs('meeting');
    const focusable = Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input')).filter(
      (el) => !el.hasAttribute('disabled') && el.tabIndex >= 0,
    );
    const ids = focusable.map((el) => el.getAttribute('data-testid')).filter(Boolean);
    expect(ids).toEqual(['addin-open-settings', 'addin-join-link', 'addin-copy-link', 'addin-change-options', 'addin-remove-meeting']);
    for (const id of ['addin-copy-link', 'addin-remove-meeting']) expect(screen.getByTestId(id).tagName).toBe('BUTTON');
  });

  it('makes Add the submit button of its form, so Enter in a field adds the meeting', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    const button = screen.getByTestId('addin-add-meeting') as HTMLButtonElement;
    expect(button.type).toBe('submit');
    fireEvent.submit(screen.getByTestId('addin-no-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledTimes(1);
  });
});
