/**
 * A user's part done over HTTP, as their own add-in would (for browser tests whose subject is
 * another step): a token for the backend's API, calls to it, and linking the user's Webex through
 * the whole flow against the emulators.
 */
import { LOCAL_APP } from '../../../src/server/config';
import { hiddenInputs } from '../../../scripts/world/emulator-pages';
import { linkResultOf } from '../../../scripts/world/webex-link-result';
import type { AddinStack } from './addin-stack';

/** A token for our API, as the user's add-in gets it (the identity emulator's password grant for scripts). */
export async function apiToken(stack: AddinStack, upn: string, password: string): Promise<string> {
  const scope = `api://localhost:${new URL(stack.addinUrl).port}/${LOCAL_APP.backendClientId}/access_as_user`;
  const res = await fetch(`${stack.identityUrl}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: LOCAL_APP.addinClientId, username: upn, password, scope }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no API token for ${upn}: ${body.error_description ?? res.status}`);
  return body.access_token;
}

export async function api(stack: AddinStack, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.backendUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Links the token's user's Webex (as `email` in the Webex emulator) through the whole flow, as the add-in's dialog would. */
export async function linkWebex(stack: AddinStack, token: string, email: string): Promise<void> {
  const { url } = (await (await api(stack, token, 'POST', '/webex/link', {})).json()) as { url: string };
  const start = await fetch(url, { redirect: 'manual' });
  const authorize = new URL(start.headers.get('location') as string);
  authorize.searchParams.set('email', email);
  const consent = await fetch(authorize, { redirect: 'manual' });
  const submitted = await fetch(`${stack.webexUrl}/v1/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ ...hiddenInputs(await consent.text()), decision: 'accept' }),
    redirect: 'manual',
  });
  const page = await fetch(submitted.headers.get('location') as string, { redirect: 'manual' });
  const completion = linkResultOf(await page.text()).completion;
  const completed = await api(stack, token, 'POST', '/webex/link/complete', { code: completion });
  if (completed.status !== 200) throw new Error(`linking ${email}'s Webex ended with ${completed.status}`);
}
