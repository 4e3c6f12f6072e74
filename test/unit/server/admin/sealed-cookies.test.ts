import { randomBytes } from 'node:crypto';
import { createCookieJar, createCookieSealer } from '../../../../src/server/admin/sealed-cookies';

const key = randomBytes(32);

describe('sealed cookies', () => {
  it('give back what was sealed, for the same purpose, until they expire', () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const sealer = createCookieSealer(key, () => new Date(now));
    const sealed = sealer.seal('session', { tenantId: 't' }, 60_000);
    expect(sealer.open('session', sealed)).toEqual({ tenantId: 't' });
    now += 60_001;
    expect(sealer.open('session', sealed)).toBeUndefined();
  });

  it('cannot be read for another purpose, altered, or opened with another key', () => {
    const sealer = createCookieSealer(key);
    const sealed = sealer.seal('flow', { state: 's' }, 60_000);
    expect(sealer.open('session', sealed)).toBeUndefined();
    expect(sealer.open('flow', `${sealed.slice(0, -2)}AA`)).toBeUndefined();
    expect(createCookieSealer(randomBytes(32)).open('flow', sealed)).toBeUndefined();
    expect(sealer.open('flow', 'not even a seal')).toBeUndefined();
  });

  it('are __Host- prefixed, Secure, HttpOnly and SameSite=Lax over HTTPS', () => {
    const jar = createCookieJar(true);
    expect(jar.write('wso_admin', 'v', 3600)).toBe('__Host-wso_admin=v; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(jar.read('a=1; __Host-wso_admin=v1:x:y; b=2', 'wso_admin')).toBe('v1:x:y');
  });

  it('have plain names without Secure over local HTTP, and are deleted with Max-Age=0', () => {
    const jar = createCookieJar(false);
    expect(jar.write('wso_admin', '', 0)).toBe('wso_admin=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
    expect(jar.read(undefined, 'wso_admin')).toBeUndefined();
  });

  it('read the cookie of exactly that name, and refuse to write a value that would end the header early', () => {
    const jar = createCookieJar(false);
    expect(jar.read('xwso_admin=no; wso_admin=v1:a:b; wso_admin=second', 'wso_admin')).toBe('v1:a:b');
    expect(jar.read('wso_admin_x=no', 'wso_admin')).toBeUndefined();
    expect(() => jar.write('wso_admin', 'v; Domain=evil.example', 60)).toThrow();
  });
});
