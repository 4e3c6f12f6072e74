import { adminLanguage, renderAdminPage } from '../../../src/server/admin/admin-page';
import type { TenantOverview } from '../../../src/server/admin/tenant-overview';

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
});
