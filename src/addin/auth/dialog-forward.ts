/**
 * Office opens a dialog only at a page on the add-in's own origin over HTTPS (displayDialogAsync
 * fails with 12004 or 12005 otherwise: https://learn.microsoft.com/office/dev/add-ins/develop/dialog-handle-errors-events);
 * the dialog may go elsewhere afterwards. The Webex-linking URL is the backend's, so the dialog
 * starts at auth-dialog.html with `?next=<that URL>` and goes on from there. Only the backend's
 * /auth/ pages are accepted as `next`, so the page cannot be used to send anyone elsewhere.
 */
import { AUTH_DIALOG_PAGE } from './create-token-provider';

const NEXT = 'next';

/** The dialog's first URL, on the add-in's origin, for a page of the backend. */
export function dialogStartUrl(target: string, pageHref: string): string {
  const start = new URL(AUTH_DIALOG_PAGE, pageHref);
  start.searchParams.set(NEXT, target);
  return start.href;
}

/** Where auth-dialog.html must go on to, or undefined (no `next`, or one that is not the backend's). */
export function forwardTarget(search: string, apiBaseUrl: string): string | undefined {
  const next = new URLSearchParams(search).get(NEXT);
  if (!next) return undefined;
  try {
    const target = new URL(next);
    const api = new URL(apiBaseUrl);
    return target.origin === api.origin && target.pathname.startsWith('/auth/') ? target.href : undefined;
  } catch {
    return undefined;
  }
}
