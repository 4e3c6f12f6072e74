/**
 * What the identity platform's redirect to the authorization popup says: consent given (`code`)
 * or not (`error`, `error_description`). Pure.
 */
export type PopupOutcome = { ok: true } | { ok: false; reason: string };

export function popupOutcome(search: string): PopupOutcome {
  const q = new URLSearchParams(search);
  if (q.get('code')) return { ok: true };
  const error = q.get('error') ?? 'no_answer';
  // AADSTS texts are long and may name the tenant: the first line and the error code are enough.
  const description = (q.get('error_description') ?? '').split(/\r?\n/)[0]?.slice(0, 200);
  return { ok: false, reason: description ? `${error}: ${description}` : error };
}
