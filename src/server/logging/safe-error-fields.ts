/**
 * What of an error may be kept where the product keeps nothing of its users (log lines, the job
 * queue's rows): its class, code, HTTP status, the service's request id and Retry-After. Not its
 * message: services echo request data in their texts (Graph names a user principal name in a 404,
 * Webex's descriptions hold addresses, a sign-in error names the user), and other libraries put
 * what they were given in theirs (JSON.parse quotes the text it could not read). Not its other
 * properties either, which hold those texts (`serviceMessage`, `details`).
 *
 * Each value is kept only when it has the shape of an identifier, so that a library which puts
 * free text in `code` does not carry it through.
 */
export interface SafeErrorFields {
  /** The error's class, e.g. GraphError ('Error' when it has no usable name). */
  name: string;
  code?: string;
  status?: number;
  /** Request id (Graph) or tracking id (Webex) to quote to the service's support. */
  requestId?: string;
  retryAfterMs?: number;
}

const NAME = /^[A-Za-z_$][\w$]{0,63}$/;
const IDENTIFIER = /^[\w.:-]{1,128}$/;

function field(value: object, name: string): unknown {
  return (value as Record<string, unknown>)[name];
}

function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
}

/** The fields above of an Error (or of an error-like object from another realm); `{ name: typeof }` of anything else. */
export function safeErrorFields(value: unknown): SafeErrorFields {
  if (typeof value !== 'object' || value === null) return { name: typeof value };
  const rawName = field(value, 'name');
  const name = typeof rawName === 'string' && NAME.test(rawName) ? rawName : 'Error';
  const code = identifier(field(value, 'code'));
  const rawStatus = field(value, 'status') ?? field(value, 'statusCode');
  const status =
    typeof rawStatus === 'number' && Number.isInteger(rawStatus) && rawStatus >= 100 && rawStatus <= 599 ? rawStatus : undefined;
  const requestId = identifier(field(value, 'requestId') ?? field(value, 'trackingId'));
  const rawRetryAfter = field(value, 'retryAfterMs');
  const retryAfterMs =
    typeof rawRetryAfter === 'number' && Number.isFinite(rawRetryAfter) && rawRetryAfter >= 0 ? Math.round(rawRetryAfter) : undefined;
  return {
    name,
    ...(code === undefined ? {} : { code }),
    ...(status === undefined ? {} : { status }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}
