/** @jest-environment jsdom */
/**
 * The Webex options beyond the basics in the task pane: the site (only when the user has more than
 * one), the template (presetting what it sets), the minutes before the host, audio and dial-in, the
 * lobby; each preset from the settings, sent when adding, shown with the meeting and changeable
 * there (not the site or the template: Webex sets them at creation); their defaults in the settings.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DEFAULT_SETTINGS, type MeetingChoices } from '../../../src/addin/api/api-types';
import { failure, fakeServices, me, meeting, renderPane, viewIs } from './pane-harness';

const TWO_SITES: MeetingChoices = {
  sites: [
    { siteUrl: 'contoso.webex.com', preferred: true },
    { siteUrl: 'contoso-events.webex.com', preferred: false },
  ],
  templates: [
    { id: 'T1', name: 'Webex Meetings', siteUrl: 'contoso.webex.com', isDefault: true },
    { id: 'T2', name: 'Team meeting', siteUrl: 'contoso.webex.com', isDefault: false },
    { id: 'E1', name: 'Events standard', siteUrl: 'contoso-events.webex.com', isDefault: true },
  ],
};

const select = (testId: string) => screen.getByTestId(testId) as HTMLSelectElement;
const optionValues = (testId: string) => Array.from(select(testId).options).map((o) => o.value);
const choose = (testId: string, value: string) => fireEvent.change(select(testId), { target: { value } });

/** The lazily loaded options have arrived. */
async function optionsShown(): Promise<void> {
  await screen.findByTestId('addin-lobby');
}

describe('adding a meeting with the Webex options', () => {
  it('offers no site choice to a user with one site, and sends no site, template, audio or lobby unless chosen', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    await optionsShown();
    expect(screen.queryByTestId('addin-site')).toBeNull();
    expect(screen.queryByTestId('addin-template')).toBeNull();
    expect(select('addin-audio').value).toBe('');
    expect(select('addin-lobby').value).toBe('');
    expect(select('addin-join-before-host-minutes').value).toBe('off');
    expect(screen.queryByTestId('addin-dial-in-options')).toBeNull();
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith({ type: 'scheduled', joinBeforeHost: false, autoRecord: false }, []);
  });

  it('offers the sites, the preferred one first chosen, and the templates of the site chosen; sends both', async () => {
    const services = fakeServices();
    services.meetingChoices.mockResolvedValue(TWO_SITES);
    renderPane(services);
    await viewIs('noMeeting');
    await optionsShown();
    expect(optionValues('addin-site')).toEqual(['contoso.webex.com', 'contoso-events.webex.com']);
    expect(select('addin-site').value).toBe('contoso.webex.com');
    expect(optionValues('addin-template')).toEqual(['', 'T1', 'T2']);
    choose('addin-site', 'contoso-events.webex.com');
    expect(optionValues('addin-template')).toEqual(['', 'E1']);
    choose('addin-template', 'E1');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith(
      expect.objectContaining({ siteUrl: 'contoso-events.webex.com', templateId: 'E1' }),
      [],
    );
  });

  it('presets what a template sets when it is chosen', async () => {
    const services = fakeServices();
    services.meetingChoices.mockResolvedValue(TWO_SITES);
    services.templateOptions.mockResolvedValue({
      joinBeforeHost: true,
      joinBeforeHostMinutes: 10,
      autoRecord: false,
      audio: { type: 'VoIP', tollFree: false, globalCallIn: false },
      lobby: 'allowJoinWithLobby',
    });
    renderPane(services);
    await viewIs('noMeeting');
    await optionsShown();
    choose('addin-template', 'T2');
    await waitFor(() => expect(select('addin-join-before-host-minutes').value).toBe('10'));
    expect(services.templateOptions).toHaveBeenCalledWith('T2');
    expect(select('addin-audio').value).toBe('VoIP');
    expect(select('addin-lobby').value).toBe('allowJoinWithLobby');
    expect((screen.getByTestId('addin-join-before-host') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith(
      {
        type: 'scheduled',
        joinBeforeHost: true,
        joinBeforeHostMinutes: 10,
        autoRecord: false,
        templateId: 'T2',
        audio: { type: 'VoIP', tollFree: false, globalCallIn: false },
        lobby: 'allowJoinWithLobby',
      },
      [],
    );
  });

  it('sends the minutes before the host, the audio with its dial-in and the lobby chosen', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    await optionsShown();
    expect(optionValues('addin-join-before-host-minutes')).toEqual(['off', '0', '5', '10', '15']);
    choose('addin-join-before-host-minutes', '15');
    expect((screen.getByTestId('addin-join-before-host') as HTMLInputElement).checked).toBe(true);
    choose('addin-audio', 'webexAudio');
    fireEvent.click(screen.getByTestId('addin-audio-toll-free'));
    choose('addin-lobby', 'blockFromJoin');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith(
      {
        type: 'scheduled',
        joinBeforeHost: true,
        joinBeforeHostMinutes: 15,
        autoRecord: false,
        audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
        lobby: 'blockFromJoin',
      },
      [],
    );
  });

  it('turning join before host off leaves no minutes', async () => {
    const services = fakeServices();
    renderPane(services);
    await viewIs('noMeeting');
    await optionsShown();
    choose('addin-join-before-host-minutes', '5');
    choose('addin-join-before-host-minutes', 'off');
    expect((screen.getByTestId('addin-join-before-host') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith({ type: 'scheduled', joinBeforeHost: false, autoRecord: false }, []);
  });

  it('presets the user’s defaults for site, template, audio, lobby and minutes', async () => {
    const services = fakeServices();
    services.meetingChoices.mockResolvedValue(TWO_SITES);
    services.loadMe.mockResolvedValue(
      me({
        settings: {
          ...DEFAULT_SETTINGS,
          siteUrl: 'contoso-events.webex.com',
          templateId: 'E1',
          audio: 'other',
          lobby: 'allowJoin',
          joinBeforeHost: true,
          joinBeforeHostMinutes: 5,
        },
      }),
    );
    renderPane(services);
    await viewIs('noMeeting');
    await optionsShown();
    expect([
      select('addin-site').value,
      select('addin-template').value,
      select('addin-audio').value,
      select('addin-lobby').value,
      select('addin-join-before-host-minutes').value,
    ]).toEqual(['contoso-events.webex.com', 'E1', 'other', 'allowJoin', '5']);
  });

  it('still adds a meeting when Webex cannot list the sites and templates (none offered)', async () => {
    const services = fakeServices();
    services.meetingChoices.mockRejectedValue(failure('webex_unavailable'));
    services.loadMe.mockResolvedValue(me({ settings: { ...DEFAULT_SETTINGS, siteUrl: 'contoso-events.webex.com', templateId: 'E1' } }));
    renderPane(services);
    await viewIs('noMeeting');
    await optionsShown();
    expect(screen.queryByTestId('addin-site')).toBeNull();
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith({ type: 'scheduled', joinBeforeHost: false, autoRecord: false }, []);
  });

  it('is in the user’s language', async () => {
    const services = fakeServices();
    services.meetingChoices.mockResolvedValue(TWO_SITES);
    renderPane(services, 'de-DE');
    await viewIs('noMeeting');
    await optionsShown();
    expect(within(screen.getByTestId('addin-no-meeting')).getByText('Webex-Site')).toBeTruthy();
    expect(Array.from(select('addin-lobby').options).map((o) => o.textContent)).toContain('Warten in der Lobby, bis sie zugelassen werden');
  });
});

describe('the meeting’s Webex options', () => {
  const withOptions = () =>
    meeting({
      siteUrl: 'contoso-events.webex.com',
      options: {
        type: 'scheduled',
        joinBeforeHost: true,
        joinBeforeHostMinutes: 10,
        autoRecord: false,
        audio: { type: 'webexAudio', tollFree: false, globalCallIn: true },
        lobby: 'allowJoinWithLobby',
      },
    });

  it('shows the site, audio, joining before the host and the lobby as Webex has them', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    services.getMeeting.mockResolvedValueOnce(withOptions());
    renderPane(services);
    await viewIs('meeting');
    expect(screen.getByTestId('addin-meeting-site').textContent).toBe('contoso-events.webex.com');
    expect(screen.getByTestId('addin-meeting-audio').querySelector('[data-audio]')?.getAttribute('data-audio')).toBe('webexAudio');
    expect(screen.getByTestId('addin-meeting-join-before-host').textContent).toBe('10 minutes early, before the host');
    expect(screen.getByTestId('addin-meeting-lobby').textContent).toBe('Wait in the lobby until admitted');
  });

  it('changes audio, minutes and lobby, sends only options (never the site or a template), and offers no site or template to change', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    services.getMeeting.mockResolvedValueOnce(withOptions());
    services.meetingChoices.mockResolvedValue(TWO_SITES);
    renderPane(services);
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-change-options'));
    await optionsShown();
    expect(screen.queryByTestId('addin-site')).toBeNull();
    expect(screen.queryByTestId('addin-template')).toBeNull();
    expect([select('addin-audio').value, select('addin-lobby').value, select('addin-join-before-host-minutes').value]).toEqual([
      'webexAudio',
      'allowJoinWithLobby',
      '10',
    ]);
    expect((screen.getByTestId('addin-audio-toll-free') as HTMLInputElement).checked).toBe(false);
    choose('addin-audio', 'VoIP');
    choose('addin-lobby', 'blockFromJoin');
    choose('addin-join-before-host-minutes', '5');
    fireEvent.click(screen.getByTestId('addin-save-options'));
    await waitFor(() => expect(services.changeOptions).toHaveBeenCalled());
    expect(services.changeOptions).toHaveBeenCalledWith('m1', {
      joinBeforeHost: true,
      joinBeforeHostMinutes: 5,
      autoRecord: false,
      audio: { type: 'VoIP', tollFree: false, globalCallIn: true },
      lobby: 'blockFromJoin',
    });
  });

  it('saves nothing when the options were left as they were', async () => {
    const services = fakeServices();
    services.findMeeting.mockResolvedValueOnce('m1');
    services.getMeeting.mockResolvedValueOnce(withOptions());
    renderPane(services);
    await viewIs('meeting');
    fireEvent.click(screen.getByTestId('addin-change-options'));
    await optionsShown();
    fireEvent.click(screen.getByTestId('addin-save-options'));
    await waitFor(() => expect(screen.getByTestId('addin-notice').getAttribute('data-notice')).toBe('meeting.optionsSaved'));
    expect(services.changeOptions).not.toHaveBeenCalled();
  });
});

describe('the defaults in the settings', () => {
  it('keeps the minutes, audio and lobby, and the site and template among those Webex offered', async () => {
    const services = fakeServices();
    services.meetingChoices.mockResolvedValue(TWO_SITES);
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    expect(optionValues('addin-setting-site')).toEqual(['', 'contoso.webex.com', 'contoso-events.webex.com']);
    choose('addin-setting-site', 'contoso-events.webex.com');
    expect(optionValues('addin-setting-template')).toEqual(['', 'E1']);
    choose('addin-setting-template', 'E1');
    choose('addin-setting-join-before-host-minutes', '10');
    choose('addin-setting-audio', 'VoIP');
    choose('addin-setting-lobby', 'allowJoinWithLobby');
    fireEvent.click(screen.getByTestId('addin-save-settings'));
    await waitFor(() => expect(services.saveSettings).toHaveBeenCalled());
    expect(services.saveSettings.mock.calls[0]?.[0]).toMatchObject({
      siteUrl: 'contoso-events.webex.com',
      templateId: 'E1',
      joinBeforeHost: true,
      joinBeforeHostMinutes: 10,
      audio: 'VoIP',
      lobby: 'allowJoinWithLobby',
    });
  });

  it('offers no site or template default before Webex offered any', async () => {
    const services = fakeServices();
    services.meetingChoices.mockRejectedValue(failure('webex_unavailable'));
    renderPane(services);
    await viewIs('noMeeting');
    fireEvent.click(screen.getByTestId('addin-open-settings'));
    await viewIs('settings');
    expect(screen.queryByTestId('addin-setting-site')).toBeNull();
    expect(screen.queryByTestId('addin-setting-template')).toBeNull();
    expect(screen.getByTestId('addin-setting-audio')).toBeTruthy();
  });
});
