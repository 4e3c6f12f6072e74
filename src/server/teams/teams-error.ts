/**
 * What the tab is told when Graph, or the token exchange before it, fails. The codes
 * (teams-api-types.ts TeamsErrorCode) say what the tab should do: offer to authorize, get a fresh
 * SSO token, wait, or give up. A missing or revoked grant is never a blank answer: it is
 * consent_required, whichever step noticed it.
 */
import { ClientFaultError } from '../outbound/client-fault-error';
import { GraphError } from '../graph/graph-error';
import { GraphTokenError } from '../graph/graph-token-error';
import { DomainError } from '../errors';
import { toError } from '../errors';

const RETRY_LATER = 'Microsoft 365 is busy or unreachable; try again in a moment.';

function retryAfterSeconds(ms: number | undefined, fallbackSeconds: number): number {
  return Math.max(1, Math.ceil((ms ?? fallbackSeconds * 1000) / 1000));
}

function fromTokenError(e: GraphTokenError): DomainError {
  switch (e.code) {
    case 'graph_consent_required':
    case 'graph_tenant_unknown':
      return new DomainError(
        'forbidden',
        'consent_required',
        'Authorize the app to read your contacts, chats and directory on your behalf.',
        { cause: e },
      );
    case 'graph_interaction_required':
      return new DomainError('forbidden', 'interaction_required', 'Sign in again to authorize the app.', { cause: e });
    case 'graph_user_assertion_invalid':
      return new DomainError('unauthenticated', 'sso_token_rejected', 'Your Teams sign-in token could not be used; get a fresh one.', {
        cause: e,
      });
    case 'graph_token_unavailable':
      return new DomainError('unavailable', 'graph_unavailable', RETRY_LATER, {
        cause: e,
        retryAfterSeconds: retryAfterSeconds(undefined, 5),
      });
    case 'graph_credential_invalid':
      return new DomainError('misconfigured', 'server_misconfigured', 'The service is not configured correctly; tell your administrator.', {
        cause: e,
      });
    default:
      return new DomainError('upstream_failed', 'graph_failed', 'Microsoft 365 could not be reached on your behalf.', { cause: e });
  }
}

/** Graph's 403s: a permission the token lacks (authorize) or a resource the user may not see. */
function isMissingPermission(e: GraphError): boolean {
  if (e.serviceCode === 'Authorization_RequestDenied' || e.serviceCode === 'ErrorAccessDenied') return true;
  return /scope|permission/i.test(e.serviceMessage ?? '');
}

function fromGraphError(e: GraphError): DomainError {
  if (e.status === 401)
    return new DomainError('forbidden', 'interaction_required', 'Your authorization has expired or was revoked; authorize the app again.', {
      cause: e,
    });
  if (e.status === 403) {
    return isMissingPermission(e)
      ? new DomainError('forbidden', 'consent_required', 'Authorize the app to read your contacts, chats and directory on your behalf.', {
          cause: e,
        })
      : new DomainError('forbidden', 'not_a_member', 'You are not a member of that chat or channel.', { cause: e });
  }
  if (e.status === 404 || e.status === 410) return new DomainError('not_found', 'not_found', 'It is not there (any more).', { cause: e });
  if (e.status === 429 || e.status >= 500)
    return new DomainError('unavailable', 'graph_unavailable', RETRY_LATER, {
      cause: e,
      retryAfterSeconds: retryAfterSeconds(e.retryAfterMs, 5),
    });
  return new DomainError('upstream_failed', 'graph_failed', 'Microsoft 365 refused the request.', { cause: e });
}

/** Any failure of a Graph call on the user's behalf, as the API's error. */
export function teamsDomainError(thrown: unknown): Error {
  if (thrown instanceof DomainError) return thrown;
  if (thrown instanceof GraphTokenError) return fromTokenError(thrown);
  if (thrown instanceof GraphError) return fromGraphError(thrown);
  if (thrown instanceof ClientFaultError)
    return new DomainError('unavailable', 'graph_unavailable', RETRY_LATER, {
      cause: thrown,
      retryAfterSeconds: retryAfterSeconds(undefined, 5),
    });
  return toError(thrown);
}
