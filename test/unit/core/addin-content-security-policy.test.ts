import { addinContentSecurityPolicy } from '../../../src/core/addin-content-security-policy';
import { cspDirectives as directives } from '../../helpers/csp';

const sources = (...list: string[]) => [...list].sort();

describe('the add-in pages’ Content-Security-Policy', () => {
  const policy = directives(
    addinContentSecurityPolicy({ apiBaseUrl: 'https://scheduler.example.com/api', authorityHost: 'https://login.microsoftonline.com' }),
  );

  it('has exactly these directives: no frame-ancestors, since Outlook frames the pane from many origins', () => {
    expect(Object.keys(policy).sort()).toEqual(
      [
        'base-uri',
        'connect-src',
        'default-src',
        'font-src',
        'form-action',
        'frame-src',
        'img-src',
        'object-src',
        'script-src',
        'style-src',
      ].sort(),
    );
  });

  it('runs only the add-in’s own scripts and Office.js, and no plugins', () => {
    expect(policy['script-src']).toEqual(sources("'self'", 'https://appsforoffice.microsoft.com'));
    expect(policy['object-src']).toEqual(["'none'"]);
  });

  it('falls back to the pages’ own origin, and lets them set no other base URL', () => {
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['base-uri']).toEqual(["'self'"]);
  });

  it('lets the pages call only the backend and the identity platform by origin, Office.js and TeamsJS’s list of Teams hosts', () => {
    expect(policy['connect-src']).toEqual(
      sources(
        "'self'",
        'https://scheduler.example.com',
        'https://login.microsoftonline.com',
        'https://appsforoffice.microsoft.com',
        'https://res.cdn.office.net',
      ),
    );
  });

  it('frames and posts forms only to the pages’ own origin and the identity platform', () => {
    expect(policy['frame-src']).toEqual(sources("'self'", 'https://login.microsoftonline.com'));
    expect(policy['form-action']).toEqual(sources("'self'", 'https://login.microsoftonline.com'));
  });

  it('takes styles and fonts from the pages themselves (Fluent UI inserts its style rules inline)', () => {
    expect(policy['style-src']).toEqual(sources("'self'", "'unsafe-inline'"));
    expect(policy['font-src']).toEqual(sources("'self'", 'data:'));
  });

  it('shows images of the pages, data and object URLs (directory photos in the Teams tab) and https', () => {
    expect(policy['img-src']).toEqual(sources("'self'", 'data:', 'blob:', 'https:'));
  });

  it('names the backend once when it is on the identity platform’s origin', () => {
    const same = directives(
      addinContentSecurityPolicy({ apiBaseUrl: 'https://login.example.com/api', authorityHost: 'https://login.example.com' }),
    );
    expect(same['connect-src']).toEqual(
      sources("'self'", 'https://login.example.com', 'https://appsforoffice.microsoft.com', 'https://res.cdn.office.net'),
    );
  });
});
