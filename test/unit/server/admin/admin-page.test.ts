import { adminLanguage, renderAdminPage } from '../../../../src/server/admin/admin-page';
import type { TenantOverview } from '../../../../src/server/admin/tenant-overview';

const overview: TenantOverview = {
  tenantId: 'tid',
  mode: 'individual',
  adminConsentedAt: null,
  webexScheduling: 'personal',
  users: { total: 3, synced: 1, calendarAuthorized: 1, webexLinked: 2 },
  subscriptions: { active: 1, reauthorize: 0, removed: 0, expiringSoon: 0, lapsed: 0, nextExpiry: null },
  syncErrors: { since: '2030-01-01T00:00:00.000Z', byCode: { '<script>': 2 } },
};

describe('the admin page', () => {
  it('is in Russian when the browser prefers it, else in English', () => {
    expect(adminLanguage('ru-RU,ru;q=0.9,en-US;q=0.8')).toBe('ru');
    expect(adminLanguage('en-US,ru;q=0.5')).toBe('en');
    expect(adminLanguage('de-DE')).toBe('en');
    expect(adminLanguage(undefined)).toBe('en');
  });

  it('offers the organization-wide authorization with the reason for each permission while not authorized', () => {
    const html = renderAdminPage({ language: 'en', nonce: 'n', session: { csrf: 'c', overview } });
    expect(html).toContain('href="/admin/consent/start"');
    for (const p of ['Calendars.ReadWrite', 'User.Read.All', 'Directory.Read.All']) expect(html).toContain(p);
  });

  it('escapes what it shows, error codes included', () => {
    const html = renderAdminPage({ language: 'en', nonce: 'n', session: { csrf: 'c"x', overview } });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('value="c&quot;x"');
  });

  it('puts the anti-forgery token in every form that changes something', () => {
    const html = renderAdminPage({ language: 'ru', nonce: 'n', session: { csrf: 'tok', overview: { ...overview, mode: 'admin' } } });
    const forms = html.match(/<form method="post"[^>]*>.*?<\/form>/gs) ?? [];
    expect(forms.length).toBeGreaterThanOrEqual(2);
    for (const form of forms) expect(form).toContain('name="csrf" value="tok"');
  });

  describe('default meeting template', () => {
    const forms = (html: string) => html.match(/<form method="post" action="\/admin\/default-template">.*?<\/form>/gs) ?? [];

    it('is a field for a template id, escaped, with “None”, when there are no organization templates to list', () => {
      const html = renderAdminPage({
        language: 'en',
        nonce: 'n',
        session: { csrf: 'tok', overview, defaultTemplate: { templateId: 'a"b' } },
      });
      expect(html).toContain('Default meeting template');
      expect(html).toContain('<input name="templateId" maxlength="512" value="a&quot;b" data-testid="admin-default-template">');
      expect(forms(html)).toHaveLength(2);
      for (const form of forms(html)) expect(form).toContain('name="csrf" value="tok"');
      expect(forms(html)[1]).toContain('<input type="hidden" name="templateId" value="">');
      expect(html).not.toContain('admin-default-template-unavailable');
    });

    it('says why it asks for an id when Webex could not list the templates', () => {
      const html = renderAdminPage({
        language: 'ru',
        nonce: 'n',
        session: { csrf: 'tok', overview, defaultTemplate: { templateId: '', choicesUnavailable: true } },
      });
      expect(html).toContain('Шаблон встреч по умолчанию');
      expect(html).toContain('data-testid="admin-default-template-unavailable"');
    });

    it('is a choice of the organization’s templates, “None” first, keeping one Webex no longer lists', () => {
      const choices = [{ id: 'T1', name: '<Team>', siteUrl: 'contoso.webex.com' }];
      const chosen = renderAdminPage({
        language: 'en',
        nonce: 'n',
        session: { csrf: 'tok', overview, defaultTemplate: { templateId: 'T1', choices } },
      });
      expect(chosen).toContain(
        '<option value="">None</option><option value="T1" selected>&lt;Team&gt; (contoso.webex.com)</option></select>',
      );
      expect(forms(chosen)).toHaveLength(1);
      const gone = renderAdminPage({
        language: 'en',
        nonce: 'n',
        session: { csrf: 'tok', overview, defaultTemplate: { templateId: 'OLD', choices } },
      });
      expect(gone).toContain('<option value="OLD" selected>A template Webex does not list now: OLD</option>');
    });

    it('is not shown without its model', () => {
      expect(renderAdminPage({ language: 'en', nonce: 'n', session: { csrf: 'tok', overview } })).not.toContain('/admin/default-template');
    });
  });
});
