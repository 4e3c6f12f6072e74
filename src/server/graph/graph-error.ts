/**
 * An error answer from Microsoft Graph, with a product code by status (and by Graph's own code
 * where the status is ambiguous). Graph's message, which can name a user principal name, stays in
 * `serviceMessage`, out of `message` and so out of logs.
 */
import { ServiceError } from '../outbound/service-error';

export type GraphErrorCode =
  | 'graph_bad_request'
  | 'graph_unauthorized'
  | 'graph_forbidden'
  | 'graph_not_found'
  | 'graph_conflict'
  /** 412: the event changed since we read it (If-Match on its changeKey). */
  | 'graph_precondition_failed'
  | 'graph_throttled'
  | 'graph_unavailable'
  | 'graph_invalid_response'
  | 'graph_error';

export function graphErrorCode(status: number): GraphErrorCode {
  switch (status) {
    case 400:
      return 'graph_bad_request';
    case 401:
      return 'graph_unauthorized';
    case 403:
      return 'graph_forbidden';
    case 404:
    case 410:
      return 'graph_not_found';
    case 409:
      return 'graph_conflict';
    case 412:
      return 'graph_precondition_failed';
    case 429:
      return 'graph_throttled';
    case 500:
    case 502:
    case 503:
    case 504:
      return 'graph_unavailable';
    default:
      return 'graph_error';
  }
}

export interface GraphErrorDetails {
  status: number;
  code?: GraphErrorCode;
  /** Graph's `error.code`, e.g. "ErrorItemNotFound", "ApplicationThrottled", "Authorization_RequestDenied". */
  serviceCode?: string;
  serviceMessage?: string;
  requestId?: string;
  clientRequestId?: string;
  retryAfterMs?: number;
}

export class GraphError extends ServiceError {
  readonly service = 'graph';
  declare readonly code: GraphErrorCode;
  /** The client-request-id we sent, which Graph echoes. */
  readonly clientRequestId?: string;

  constructor(d: GraphErrorDetails) {
    super({
      status: d.status,
      code: d.code ?? graphErrorCode(d.status),
      serviceCode: d.serviceCode,
      serviceMessage: d.serviceMessage,
      requestId: d.requestId,
      retryAfterMs: d.retryAfterMs,
    });
    this.name = 'GraphError';
    this.clientRequestId = d.clientRequestId;
  }
}
