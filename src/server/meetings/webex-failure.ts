/**
 * What the API answers when Webex, or the user's link to Webex, fails. Matched on error codes
 * (WebexError, ClientFaultError, the access-token helper's codes), not on classes, so that this
 * mapping does not depend on how the outbound client is built.
 *
 * A missing or revoked Webex grant is 409 Conflict, not 401: the caller's bearer token was fine;
 * it is the state of their Webex link that needs them (code 'webex_not_linked': link first;
 * 'webex_reauthorization_required': link again). The add-in opens the linking dialog on both.
 */
import { DomainError } from '../errors';

const DEFAULT_RETRY_AFTER_SECONDS = 30;

function field(thrown: unknown, name: string): unknown {
  return typeof thrown === 'object' && thrown !== null ? (thrown as Record<string, unknown>)[name] : undefined;
}

function retryAfterSeconds(thrown: unknown): number {
  const ms = field(thrown, 'retryAfterMs');
  return typeof ms === 'number' && ms > 0 ? Math.ceil(ms / 1000) : DEFAULT_RETRY_AFTER_SECONDS;
}

export interface WebexFailureContext {
  /**
   * Who acted: with the organization's token (admin mode, `hostEmail`), a refused token is the
   * deployment's problem, not the user's link, and a refusal names the host, not the user's rights.
   */
  actor?: 'organization' | 'personal';
}

/** The API error for a failure of Webex or of the user's Webex grant; undefined for anything else. */
export function webexFailureToDomainError(thrown: unknown, context: WebexFailureContext = {}): DomainError | undefined {
  const code = field(thrown, 'code');
  if (typeof code !== 'string') return undefined;
  const cause = { cause: thrown };
  if (context.actor === 'organization') {
    if (code === 'webex_unauthorized' || code === 'webex_reauthorization_required') {
      return new DomainError(
        'upstream_failed',
        'webex_service_token_rejected',
        "Webex refused the organization's token; tell your administrator.",
        cause,
      );
    }
    if (code === 'webex_forbidden') {
      return new DomainError(
        'forbidden',
        'webex_host_not_allowed',
        "Your organization's Webex account may not schedule meetings for you.",
        cause,
      );
    }
  }
  switch (code) {
    case 'webex_not_linked':
      return new DomainError('conflict', 'webex_not_linked', 'Link your Webex account first.', cause);
    // webex_unauthorized: Webex refused a token we believed valid, so the grant was revoked on its side.
    case 'webex_reauthorization_required':
    case 'webex_unauthorized':
      return new DomainError(
        'conflict',
        'webex_reauthorization_required',
        'Your Webex authorization has expired or was revoked; link your Webex account again.',
        cause,
      );
    case 'webex_forbidden':
      return new DomainError('forbidden', 'webex_forbidden', 'Your Webex account may not schedule this meeting.', cause);
    case 'webex_not_found':
      return new DomainError('not_found', 'meeting_not_found', 'There is no such meeting.', cause);
    case 'webex_conflict':
    case 'webex_locked':
      return new DomainError('conflict', 'webex_conflict', 'Webex cannot change this meeting now; it may be in progress.', cause);
    case 'webex_bad_request':
      return new DomainError('invalid', 'webex_rejected', 'Webex refused the meeting as described.', cause);
    case 'webex_rate_limited':
    case 'webex_unavailable':
      return new DomainError('unavailable', 'webex_unavailable', 'Webex is not answering right now; try again shortly.', {
        ...cause,
        retryAfterSeconds: retryAfterSeconds(thrown),
      });
    default:
      if (code.startsWith('outbound_')) {
        return new DomainError('unavailable', 'webex_unavailable', 'Webex cannot be reached right now; try again shortly.', {
          ...cause,
          retryAfterSeconds: retryAfterSeconds(thrown),
        });
      }
      if (code.startsWith('webex_'))
        return new DomainError('upstream_failed', 'webex_error', 'Webex could not carry out the request.', cause);
      return undefined;
  }
}

/** The owner's Webex link, not the delegate's, is what a delegate's request found wanting. */
export function asOwners(error: Error): Error {
  if (!(error instanceof DomainError)) return error;
  if (error.code === 'webex_not_linked')
    return new DomainError('conflict', 'owner_webex_not_linked', 'The calendar’s owner has not linked a Webex account to this app.', {
      cause: error,
    });
  if (error.code === 'webex_reauthorization_required') {
    return new DomainError(
      'conflict',
      'owner_webex_reauthorization_required',
      'The calendar’s owner must link their Webex account again.',
      { cause: error },
    );
  }
  return error;
}
