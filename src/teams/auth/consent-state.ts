/**
 * The OAuth `state` of the Teams tab's consent popup. The popup's first page (auth-start.ts) mints
 * one and keeps it in the popup's sessionStorage — the tab's origin, the popup's own window: the
 * tab's frame inside Teams has other storage — before going to the identity platform through the
 * backend; the last page (auth-popup.ts) takes it back, once, to compare with the answer's. An
 * answer without it, or with another (another popup's, or a state of another flow such as the
 * Webex link's), is not this popup's.
 */

/** Where the popup keeps its state; no other flow of this origin uses the key. */
export const CONSENT_STATE_KEY = 'webex-calling.teams-consent-state';

/** 32 random bytes, base64url: what the backend's /teams/consent accepts (43 characters). */
const STATE_BYTES = 32;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Mints a state and keeps it, replacing one a popup left behind. */
export function mintConsentState(
  storage: Pick<Storage, 'setItem'>,
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const state = base64url(random(new Uint8Array(STATE_BYTES)));
  storage.setItem(CONSENT_STATE_KEY, state);
  return state;
}

/** The state kept, removed as it is read, so that one answer (a reload, a replay) is never taken twice. */
export function takeConsentState(storage: Pick<Storage, 'getItem' | 'removeItem'>): string | undefined {
  const state = storage.getItem(CONSENT_STATE_KEY);
  storage.removeItem(CONSENT_STATE_KEY);
  return state || undefined;
}
