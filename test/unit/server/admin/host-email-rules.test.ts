import { decideHostEmail, emailDomain, hostEmailOf, isVerifiedDomain } from '../../../../src/server/admin/host-email-rules';

const VERIFIED = ['contoso.example', 'contoso.onmicrosoft.com'];

describe('the host email of admin-mode scheduling', () => {
  it('is the user’s mail when they have one', () => {
    expect(decideHostEmail({ mail: 'alex@contoso.example', userPrincipalName: 'alex@contoso.onmicrosoft.com' }, VERIFIED)).toEqual({
      ok: true,
      email: 'alex@contoso.example',
    });
  });

  it('falls back to the user principal name when the mail is missing or not an address', () => {
    expect(hostEmailOf({ mail: null, userPrincipalName: 'nico@contoso.example' })).toBe('nico@contoso.example');
    expect(hostEmailOf({ mail: 'not an address', userPrincipalName: 'nico@contoso.example' })).toBe('nico@contoso.example');
  });

  it('is refused when the domain is not one the tenant verified (host_domain_not_verified)', () => {
    expect(decideHostEmail({ mail: 'olga@outside.example' }, VERIFIED)).toEqual({ ok: false, code: 'host_domain_not_verified' });
  });

  it('treats an unlisted subdomain as unverified: Entra lists verified subdomains themselves', () => {
    expect(isVerifiedDomain('eu.contoso.example', VERIFIED)).toBe(false);
    expect(isVerifiedDomain('CONTOSO.example', VERIFIED)).toBe(true);
  });

  it('is refused when there is no address at all (host_email_missing)', () => {
    expect(decideHostEmail({ mail: null, userPrincipalName: null }, VERIFIED)).toEqual({ ok: false, code: 'host_email_missing' });
  });

  it('reads the domain of an address, and nothing from what is not one', () => {
    expect(emailDomain('A.B@Sub.Contoso.Example')).toBe('sub.contoso.example');
    expect(emailDomain('a@b@contoso.example')).toBeUndefined();
    expect(emailDomain('alex@localhost')).toBeUndefined();
  });
});
