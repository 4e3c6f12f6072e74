/**
 * Shared setup of the identity emulator tests: the local stack's tenants and applications (as the
 * launcher seeds them), a running emulator, client certificates, and driving the sign-in page over
 * plain HTTP the way a browser would.
 */
import { createCA } from 'mkcert';
import { X509Certificate, createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { readDevCerts } from '../../../../scripts/dev-certs';
import { formAction, hiddenInputs } from '../../../../scripts/world/emulator-pages';
import { LOCAL_APP } from '../../../../src/server/config';
import { defaultDirectory, otherDirectory } from '../../../../src/emulators/shared/directory';
import type { ApplicationRegistrationInput } from '../../../../src/emulators/identity/application-registration';
import { productRegistrations } from '../../../../src/emulators/identity/product-registrations';
import {
  createIdentityEmulator,
  type IdentityEmulator,
  type IdentityEmulatorOptions,
} from '../../../../src/emulators/identity/identity-emulator';

export const CONTOSO = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const FABRIKAM = otherDirectory();
export const ADMIN = CONTOSO.users.find((u) => u.isTenantAdmin)!;
export const MEGAN = CONTOSO.users.find((u) => u.givenName === 'Megan')!;
export const ALEX = CONTOSO.users.find((u) => u.givenName === 'Alex')!;
export const BACKEND_ID = LOCAL_APP.backendClientId;
export const ADDIN_ID = LOCAL_APP.addinClientId;
export const API_URI = `api://localhost:3000/${BACKEND_ID}`;
export const API_SCOPE = `${API_URI}/access_as_user`;
export const BACKEND_REDIRECT = 'http://localhost:3001/auth/callback';
export const ADMIN_REDIRECT = 'http://localhost:3001/admin/consent/callback';
export const ADDIN_REDIRECT = 'https://localhost:3000/taskpane.html';

export interface ClientCertificate {
  cert: string;
  key: string;
  thumbprintSha256: string;
}

/** A self-signed certificate for client assertions, as an admin would upload to the app registration. */
export async function makeClientCertificate(): Promise<ClientCertificate> {
  const { cert, key } = await createCA({
    organization: 'Backend client credential',
    countryCode: 'US',
    state: 'Local',
    locality: 'Local',
    validity: 30,
  });
  const thumbprintSha256 = createHash('sha256').update(new X509Certificate(cert).raw).digest('hex');
  return { cert, key, thumbprintSha256 };
}

/** The product's registrations as the launcher seeds them, with the backend's certificates. */
export function localApplications(backendCertificates: string[] = []): ApplicationRegistrationInput[] {
  return productRegistrations({
    tenantId: CONTOSO.id,
    backendClientId: BACKEND_ID,
    backendClientSecret: LOCAL_APP.backendClientSecret,
    addinClientId: ADDIN_ID,
    addinBaseUrl: 'https://localhost:3000',
    backendBaseUrl: 'http://localhost:3001',
    backendCertificates,
  });
}

export async function startIdentityEmulator(options: IdentityEmulatorOptions = {}): Promise<IdentityEmulator> {
  const { key, cert } = readDevCerts();
  const emulator = createIdentityEmulator({
    tls: { key, cert },
    tenants: [CONTOSO, FABRIKAM],
    applications: localApplications(),
    ...options,
  });
  await emulator.listen();
  return emulator;
}

/** What MSAL needs to use the emulator as its authority. */
export function msalAuthority(emulator: IdentityEmulator, tenant: string = CONTOSO.id) {
  return { authority: `${emulator.url}/${tenant}`, knownAuthorities: [new URL(emulator.url).host] };
}

export async function verifyToken(emulator: IdentityEmulator, token: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${emulator.url}/common/discovery/v2.0/keys`));
  const { payload } = await jwtVerify(token, jwks, { algorithms: ['RS256'] });
  return payload;
}

/** The AADSTS number of an MSAL ServerError (or of an error description). */
export function aadsts(e: unknown): string | undefined {
  const err = e as { errorNo?: string | number; errorMessage?: string; message?: string };
  if (err.errorNo !== undefined) return `AADSTS${err.errorNo}`;
  return /AADSTS\d+/.exec(err.errorMessage ?? err.message ?? '')?.[0];
}

export async function expectAadsts(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return aadsts(e);
  }
  throw new Error('expected the request to fail');
}

export interface LoadedPage {
  status: number;
  html: string;
  action: string;
  hidden: Record<string, string>;
  cookie?: string;
}

export async function loadPage(url: string, cookie?: string): Promise<LoadedPage> {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const html = await res.text();
  const hidden = hiddenInputs(html);
  const action = formAction(html);
  return { status: res.status, html, action, hidden };
}

export interface SubmitResult {
  status: number;
  location?: string;
  cookie?: string;
  html: string;
}

/** Submits a loaded sign-in or consent page as the browser would after the user clicked. */
export async function submitPage(
  base: string,
  page: LoadedPage,
  fields: { login: string; passwd: string; consent?: boolean; consentOrg?: boolean; action?: 'accept' | 'cancel' },
): Promise<SubmitResult> {
  const body = new URLSearchParams({ ...page.hidden, login: fields.login, passwd: fields.passwd, action: fields.action ?? 'accept' });
  if (fields.consent !== false) body.set('consent', 'yes');
  if (fields.consentOrg) body.set('consent_org', 'yes');
  const res = await fetch(new URL(page.action, base), { method: 'POST', body, redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie') ?? undefined;
  return {
    status: res.status,
    location: res.headers.get('location') ?? undefined,
    cookie: setCookie?.split(';')[0],
    html: await res.text(),
  };
}

/** Opens an authorize URL and signs in as `user` with the consent box ticked; returns the redirect. */
export async function signIn(
  emulator: IdentityEmulator,
  authUrl: string,
  user: { userPrincipalName: string; password: string },
): Promise<SubmitResult> {
  const page = await loadPage(authUrl);
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}: ${page.html.slice(0, 300)}`);
  return submitPage(emulator.url, page, { login: user.userPrincipalName, passwd: user.password });
}

export function redirectParams(location: string | undefined): URLSearchParams {
  if (!location) throw new Error('no redirect');
  const u = new URL(location);
  return u.hash ? new URLSearchParams(u.hash.slice(1)) : u.searchParams;
}
