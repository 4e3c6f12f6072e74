import { addinContentSecurityPolicy } from '../../../src/core/addin-content-security-policy';

const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('the add-in pages’ Content-Security-Policy', () => {
  const policy = directives(addinContentSecurityPolicy({ apiBaseUrl: 'https://scheduler.example.com/api', authorityHost: 'https://login.microsoftonline.com' }));

  it('runs only the add-in’s own scripts and Office.js', () => {
    expect(policy['script-src']).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
    expect(policy['object-src']).toEqual(["'none'"]);
  });

  it('lets the pages call the backend and the identity platform, by origin', () => {
    expect(policy['connect-src']).toEqual(expect.arrayContaining(['https://scheduler.example.com', 'https://login.microsoftonline.com']));
    expect(policy['frame-src']).toContain('https://login.microsoftonline.com');
  });

  it("lets the Teams tab show directory photos as object URLs and TeamsJS read Microsoft's list of Teams hosts, and nothing else of Microsoft's CDN", () => {
    expect(policy['img-src']).toContain('blob:');
    expect(policy['connect-src']).toContain('https://res.cdn.office.net');
    expect(policy['script-src']).not.toContain('https://res.cdn.office.net');
  });

  it('does not restrict who frames the pane (Outlook does, from many origins)', () => {
    expect(policy['frame-ancestors']).toBeUndefined();
  });
});
