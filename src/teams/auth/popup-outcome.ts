/**
 * What the identity platform's redirect to the authorization popup says: consent given (`code`)
 * or not (`error`, `error_description`) — provided it carries the state this popup minted
 * (consent-state.ts). An answer without it, or with another, is refused whatever it says: it was
 * not sent for this popup's request. Pure.
 */
export type PopupOutcome = { ok: true } | { ok: false; reason: string };

export function popupOutcome(search: string, expectedState: string | undefined): PopupOutcome {
  const q = new URLSearchParams(search);
  if (!expectedState || q.get('state') !== expectedState) return { ok: false, reason: 'state_mismatch' };
  if (q.get('code')) return { ok: true };
  const error = q.get('error') ?? 'no_answer';
  // AADSTS texts are long and may name the tenant: the first line and the error code are enough.
  const description = (q.get('error_description') ?? '').split(/\r?\n/)[0]?.slice(0, 200);
  return { ok: false, reason: description ? `${error}: ${description}` : error };
}
