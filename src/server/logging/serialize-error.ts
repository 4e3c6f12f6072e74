/**
 * How an error appears in a log line: its class, code, status, the service's request id and the
 * stack. Not its other properties: services echo request data in their messages (Graph puts a user
 * principal name in a 404), so those stay out (ServiceError keeps them in `serviceMessage`).
 */
export interface SerializedError {
  type: string;
  message: string;
  code?: string;
  status?: number;
  requestId?: string;
  stack?: string;
  cause?: SerializedError;
}

function field(e: object, name: string): unknown {
  return (e as Record<string, unknown>)[name];
}

export function serializeError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error)) return { type: typeof value, message: 'a non-Error value was thrown' };
  const code = field(value, 'code');
  const status = field(value, 'status') ?? field(value, 'statusCode');
  const requestId = field(value, 'requestId') ?? field(value, 'trackingId');
  return {
    type: value.name,
    message: value.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(value.stack ? { stack: value.stack } : {}),
    ...(value.cause !== undefined && depth < 3 ? { cause: serializeError(value.cause, depth + 1) } : {}),
  };
}
