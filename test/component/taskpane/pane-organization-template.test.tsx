/** @jest-environment jsdom */
/**
 * The organization's default meeting template in the task pane (GET /api/me organizationDefaults,
 * set by an admin on the admin page): preselected, with a hint that it is the organization's, when
 * the user has no template of their own; the user's own template wins; a default Webex does not
 * offer is not preselected.
 */
import { fireEvent, screen } from '@testing-library/react';
import { DEFAULT_SETTINGS, type MeetingChoices } from '../../../src/addin/api/api-types';
import { fakeServices, me, renderPane, viewIs } from './pane-harness';

const CHOICES: MeetingChoices = {
  sites: [{ siteUrl: 'contoso.webex.com', preferred: true }],
  templates: [
    { id: 'T1', name: 'Webex Meetings', siteUrl: 'contoso.webex.com', isDefault: true },
    { id: 'T2', name: 'Team meeting', siteUrl: 'contoso.webex.com', isDefault: false },
  ],
};

const template = () => screen.getByTestId('addin-template') as HTMLSelectElement;
const hint = () => screen.queryByTestId('addin-template-organization-default');

async function paneWith(settings: Partial<typeof DEFAULT_SETTINGS>, organizationTemplateId: string) {
  const services = fakeServices();
  services.meetingChoices.mockResolvedValue(CHOICES);
  services.loadMe.mockResolvedValue({
    ...me({ settings: { ...DEFAULT_SETTINGS, ...settings } }),
    organizationDefaults: { templateId: organizationTemplateId },
  });
  renderPane(services);
  await viewIs('noMeeting');
  await screen.findByTestId('addin-template');
  return services;
}

describe('the organization’s default template in the pane', () => {
  it('is preselected, marked as the organization’s, and sent when the user has no template of their own', async () => {
    const services = await paneWith({}, 'T2');
    expect(template().value).toBe('T2');
    expect(hint()?.textContent).toBe('Your organization’s default template');
    fireEvent.click(screen.getByTestId('addin-add-meeting'));
    await viewIs('meeting');
    expect(services.addMeeting).toHaveBeenCalledWith(expect.objectContaining({ templateId: 'T2' }), []);
  });

  it('loses its hint when the user picks another template', async () => {
    await paneWith({}, 'T2');
    expect(hint()).not.toBeNull();
    fireEvent.change(template(), { target: { value: 'T1' } });
    expect(template().value).toBe('T1');
    expect(hint()).toBeNull();
  });

  it('yields to the user’s own template, with no hint', async () => {
    await paneWith({ templateId: 'T1' }, 'T2');
    expect(template().value).toBe('T1');
    expect(hint()).toBeNull();
  });

  it('is not preselected when Webex does not offer it', async () => {
    await paneWith({}, 'GONE');
    expect(template().value).toBe('');
    expect(hint()).toBeNull();
  });
});
