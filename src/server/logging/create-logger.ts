/**
 * The backend's pino logger. A log line carries codes, request ids, statuses and durations; never
 * an e-mail address, a name, a subject, a body or a token (docs/architecture.md#data-and-privacy).
 * Two layers keep it so: the request serializer logs only the method and the path (query strings
 * hold OAuth codes and states), and redaction censors every field that may carry personal data or a
 * secret, should one be logged by mistake. `code` is not censored: it is how every line names what
 * happened.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';
import { serializeError } from './serialize-error';

/** Field names that may hold personal data or secrets, wherever they appear (two levels deep). */
export const REDACTED_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'codeVerifier',
  'code_verifier',
  'password',
  'hostKey',
  'clientSecret',
  'subject',
  'title',
  'body',
  'agenda',
  'email',
  'emails',
  'mail',
  'hostEmail',
  'userPrincipalName',
  'preferred_username',
  'upn',
  'name',
  'displayName',
  'hostDisplayName',
  'givenName',
  'surname',
  'serviceMessage',
] as const;

/** pino redact paths: each field at the top level, one and two levels down, and in request/response headers. */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const field of REDACTED_FIELDS) {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
    const child = key.startsWith('[') ? key : `.${key}`;
    paths.push(key, `*${child}`, `*.*${child}`);
  }
  paths.push('req.headers', 'res.headers');
  return paths;
}

function pathOnly(url: string | undefined): string | undefined {
  return url === undefined ? undefined : url.split('?')[0];
}

export interface LoggerOptions {
  level: Config['logLevel'];
  /** Where lines go (default: stdout); tests pass a stream to read them. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'webex-scheduler-backend' },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, path: pathOnly(req.url) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
    },
    options.destination,
  );
}
