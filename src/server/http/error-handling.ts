/**
 * Turns whatever a route or hook threw into the one error shape, and unknown routes into a 404 of
 * the same shape. Faults we did not foresee answer 500 'internal_error' and are logged with their
 * stack; the response never carries one.
 *
 * The backend's domain errors (src/server/errors.ts) carry a kind, not a status: this is the one
 * place where a kind becomes an HTTP status.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../core/api-types';
import { JoinBlockError } from '../../core/join-block/join-block-error';
import type { AdminError, AdminErrorCode } from '../admin/admin-error';
import { DomainError, type DomainErrorKind } from '../errors';
import { ApiError } from './api-error';

/** The HTTP status of each kind of domain error. */
const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  misconfigured: 500,
  upstream_failed: 502,
  unavailable: 503,
};

/** The HTTP status of each refusal or failure of the admin pages and the authorization flows. */
const ADMIN_ERROR_STATUS: Readonly<Record<AdminErrorCode, number>> = {
  admin_sign_in_required: 401,
  admin_role_required: 403,
  admin_other_tenant: 403,
  admin_csrf_invalid: 403,
  authorization_flow_invalid: 400,
  authorization_declined: 400,
  sign_in_failed: 400,
  authorization_account_mismatch: 403,
  admin_consent_tenant_mismatch: 403,
  admin_consent_unverified: 409,
  admin_template_invalid: 400,
  microsoft_unavailable: 503,
};

export function adminErrorStatus(error: AdminError): number {
  return ADMIN_ERROR_STATUS[error.code];
}

/** A domain error as the API answers it: its kind's status, its code and message, and Retry-After for a fault that may pass. */
export function domainErrorToApiError(error: DomainError): ApiError {
  const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error.retryAfterSeconds) };
  return new ApiError(STATUS_OF_KIND[error.kind], error.code, error.message, headers, { cause: error });
}

/** Fastify's own faults, by their codes, as the API reports them. */
const FASTIFY_FAULTS: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'malformed_request', message: 'The Content-Length does not match the body.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The request body is empty but declared as JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON.' },
  FST_ERR_BAD_URL: { status: 400, code: 'malformed_request', message: 'The request URL is malformed.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'malformed_request', message: 'The request could not be routed.' },
};

function toApiError(thrown: FastifyError | Error): ApiError {
  if (thrown instanceof ApiError) return thrown;
  if (thrown instanceof DomainError) return domainErrorToApiError(thrown);
  // Join details that are not a meeting's (POST /api/join-block/write): the caller's to fix.
  if (thrown instanceof JoinBlockError) return new ApiError(400, thrown.code, thrown.message, {}, { cause: thrown });
  const fastifyError = thrown as FastifyError;
  const known = fastifyError.code ? FASTIFY_FAULTS[fastifyError.code] : undefined;
  if (known) return new ApiError(known.status, known.code, known.message, {}, { cause: thrown });
  if (fastifyError.validation) {
    return new ApiError(400, 'invalid_request', 'The request does not have the expected shape.', {}, { cause: thrown });
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError(fastifyError.statusCode, 'bad_request', 'The request cannot be processed.', {}, { cause: thrown });
  }
  return new ApiError(500, 'internal_error', 'Something went wrong on our side; try again later.', {}, { cause: thrown });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const error = toApiError(thrown);
    if (error.statusCode >= 500) {
      request.log.error({ err: thrown, code: error.code }, 'request failed');
    } else {
      request.log.info({ code: error.code, statusCode: error.statusCode }, 'request refused');
    }
    for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
    return reply
      .code(error.statusCode)
      .type('application/json; charset=utf-8')
      .send(errorBody(error.code, error.message, request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    return reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send(errorBody('not_found', 'There is nothing at this address.', request.id));
  });
}
