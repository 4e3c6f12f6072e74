/**
 * The validation handshake Graph runs against notificationUrl and lifecycleNotificationUrl before
 * it creates a subscription (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks):
 * a POST to the URL with `?validationToken=<URL-encoded token>`, answered within 10 seconds with
 * 200, Content-Type text/plain and the decoded token as the whole body. Anything else refuses the
 * subscription with 400.
 *
 * Graph only delivers to HTTPS endpoints; plain HTTP is accepted here for loopback addresses only,
 * so tests and the local stack can run receivers without certificates.
 */
import { randomUUID } from 'node:crypto';
import { GraphApiError } from './graph-error';

/** Runs the handshake with one endpoint; rejects with the GraphApiError Graph would answer. */
export type EndpointValidator = (url: string) => Promise<void>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function invalidRequest(message: string): GraphApiError {
  return new GraphApiError(400, 'InvalidRequest', message);
}

/** Checks that a notification URL is one Graph would call; returns it parsed. */
export function checkNotificationUrl(value: unknown, property: string): URL {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidRequest(`${property} is a required property for subscription creation.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidRequest(`Invalid ${property}: '${value}' is not an absolute URL.`);
  }
  const loopback = LOOPBACK.has(url.hostname.toLowerCase()) || /^127\./.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidRequest(`The ${property} must use the HTTPS protocol.`);
  }
  return url;
}

/** The token Graph sends: readable text with spaces and colons, so receivers must URL-decode it. */
export function newValidationToken(): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
}

export function validationUrl(url: string, token: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
}

export interface EndpointValidatorOptions {
  /** How long the endpoint has to answer (Graph: 10 seconds). */
  timeoutMs: number;
}

export function createEndpointValidator(options: EndpointValidatorOptions): EndpointValidator {
  return async (url: string) => {
    const token = newValidationToken();
    let status: number;
    let contentType: string;
    let body: string;
    try {
      const res = await fetch(validationUrl(url, token), {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: '',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = res.status;
      contentType = res.headers.get('content-type') ?? '';
      body = await res.text();
    } catch (caught) {
      const err = caught instanceof Error ? caught : new Error(String(caught));
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw invalidRequest('Subscription validation request timed out.');
      throw invalidRequest('Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    if (status !== 200) {
      throw invalidRequest('Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    if (!/^text\/plain\b/i.test(contentType)) throw invalidRequest('Subscription validation request failed. Response must be text/plain.');
    if (body !== token)
      throw invalidRequest('Subscription validation request failed. Response must exactly match validationToken query parameter.');
  };
}
