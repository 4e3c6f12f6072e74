/**
 * Webex's error body, `{message, errors: [{description}], trackingId}`, and the error the routes
 * throw to produce it. See developer.webex.com "API Errors"; the meetings spec
 * (webex-meeting.json) answers every failure with that shape.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export interface WebexErrorBody {
  message: string;
  /**
   * `code` is the emulator's reason for the failure, so that tests can assert which rule fired
   * without matching text. The spec's ErrorMessageObject has such a `code` ("internal error
   * code"), but the product must not depend on it: real meetings errors often omit it.
   */
  errors: { description: string; code?: string }[];
  trackingId: string;
}

export class WebexError extends Error {
  constructor(
    readonly status: number,
    /** Stable reason, e.g. `meeting.title.tooLong`. */
    readonly code: string,
    message: string,
    /** Seconds, sent as Retry-After (429 and 423). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'WebexError';
  }
}

/** Webex tracking ids look like `ROUTER_5F05F384-D9E9-01BB-00FF-4B0C804F00FF`. */
export function newTrackingId(): string {
  return `ROUTER_${randomUUID().toUpperCase()}`;
}

const trackingIds = new WeakMap<FastifyRequest, string>();

/** One tracking id per request, shared by the `trackingid` header and the error body. */
export function trackingIdOf(req: FastifyRequest): string {
  let id = trackingIds.get(req);
  if (!id) {
    id = newTrackingId();
    trackingIds.set(req, id);
  }
  return id;
}

export function webexErrorBody(message: string, trackingId: string, code?: string): WebexErrorBody {
  return { message, errors: [code ? { description: message, code } : { description: message }], trackingId };
}

/** The messages Webex sends for a status when nothing more specific applies. */
export function defaultMessage(status: number): string {
  switch (status) {
    case 400:
      return 'The request was invalid or cannot be otherwise served.';
    case 401:
      return 'The request requires a valid access token set in the Authorization request header.';
    case 403:
      return 'The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.';
    case 404:
      return 'The requested resource could not be found.';
    case 405:
      return 'The request was made to a resource using an HTTP request method that is not supported.';
    case 409:
      return 'The request could not be processed because it conflicts with some established rule of the system.';
    case 415:
      return 'The request was made to a resource without specifying a media type or used a media type that is not supported.';
    case 423:
      return 'The requested resource is temporarily unavailable.';
    case 429:
      return 'Too many requests have been sent in a given amount of time and the request has been rate limited.';
    case 500:
      return 'Something went wrong on the server.';
    case 502:
      return 'The server received an invalid response from an upstream server while processing the request.';
    case 503:
      return 'Server is overloaded with requests. Try again later.';
    case 504:
      return 'An upstream server failed to respond on time.';
    default:
      return 'The request failed.';
  }
}

/** Shorthand for a 400 with a reason code. */
export function badRequest(code: string, message: string): WebexError {
  return new WebexError(400, code, message);
}
