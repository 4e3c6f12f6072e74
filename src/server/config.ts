/**
 * The one reader of process.env (docs/architecture.md#conventions, rule 3): every setting of the
 * backend is resolved, validated and typed here, once, at start. A missing or malformed variable
 * fails fast with a message that names it.
 *
 * With MS_CLIENT_ID unset the product runs in local mode: against the emulators on this machine,
 * with an embedded database and a generated encryption key kept under the data directory.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import envSchema from 'env-schema';
import { toError } from './errors';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Client credentials of the backend's own Entra application: a certificate (preferred) or a secret. */
export interface MicrosoftCredential {
  /** PEM private key of the certificate registered on the application. */
  certificatePrivateKey?: string;
  /** PEM certificate (public part); its SHA-256 thumbprint goes into the client assertion. */
  certificate?: string;
  clientSecret?: string;
}

export interface MicrosoftConfig {
  /** Application (client) id of the backend's Entra app registration. */
  clientId: string;
  /** e.g. https://login.microsoftonline.com, or the identity emulator in local mode. */
  authorityHost: string;
  /** Authorities that MSAL may use without instance discovery (host names). */
  knownAuthorities: string[];
  /** e.g. https://graph.microsoft.com */
  graphBaseUrl: string;
  /** Accepted `aud` values of bearer tokens for /api: the app id URI and the client id. */
  apiAudiences: string[];
  /** The delegated scope the add-in asks for. */
  apiScope: string;
  /** Tenants allowed to call the API; empty means any tenant that has authorized the app. */
  allowedTenants: string[];
  /**
   * Client applications whose tokens the API takes (the token's `azp`, ALLOWED_CLIENT_IDS): by
   * default the add-in, Office (the launch events' single sign-on) and Microsoft Teams (the calling
   * tab's SSO). Never empty.
   */
  allowedClientIds: string[];
  credential: MicrosoftCredential;
}

export interface WebexConfig {
  clientId: string;
  clientSecret: string;
  /** e.g. https://webexapis.com/v1 */
  apiBaseUrl: string;
  /** OAuth scopes requested when a user links their Webex account. */
  scopes: string[];
  /** Organization token with admin scheduling scope (admin mode, schedules with hostEmail). */
  serviceToken?: string;
}

/** What the add-in's manifest says about this deployment (src/core/manifest renderManifest options). */
export interface ManifestSettings {
  /** Where the add-in's web files are served (ADDIN_BASE_URL). */
  baseUrl: string;
  /** The add-in's own id, OfficeApp/Id (ADDIN_ID); the template's when unset. */
  appId?: string;
  /** The Entra client id the add-in signs in with, WebApplicationInfo/Id (ADDIN_CLIENT_ID). */
  addinClientId: string;
  /** The backend API's Application ID URI, WebApplicationInfo/Resource. */
  apiResource: string;
}

/** Fastify's trustProxy: whether, or which, proxies in front of the backend are believed about the client. */
export type TrustProxy = boolean | number | string[];

export interface EmulatorPorts {
  graph: number;
  identity: number;
  webex: number;
}

export interface Config {
  mode: 'local' | 'production';
  /** Backend listen address and port. */
  host: string;
  port: number;
  /** Where the backend is reached from outside (Graph notifications, OAuth redirects). */
  publicBaseUrl: string;
  /** Where the add-in's web files are served (task pane, manifest). */
  addinBaseUrl: string;
  /** Local state: the embedded database, the generated key, the local certificate. */
  dataDir: string;
  /** Postgres connection string; undefined means embedded PGlite under dataDir. */
  databaseUrl?: string;
  /** The schema the backend's tables live in (DATABASE_SCHEMA); undefined means the default (public). */
  databaseSchema?: string;
  /** The schema of the job queue's tables (pg-boss): `<DATABASE_SCHEMA>_jobs`, or 'pgboss'. */
  jobSchema: string;
  /**
   * Backend replicas sharing one database (BACKEND_REPLICAS, default 1): each keeps its share of
   * Graph's per-mailbox limits, so that together they stay within them.
   */
  replicas: number;
  /** AES-256-GCM key for tokens at rest (32 bytes). */
  tokenEncryptionKey: Buffer;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per user on /api. */
  rateLimitPerMinute: number;
  microsoft: MicrosoftConfig;
  webex: WebexConfig;
  /** The manifest rendered for this deployment (GET /admin/manifest.xml, the build). */
  manifest: ManifestSettings;
  /** A folder holding the built add-in (npm run build) to serve beside the API (SERVE_ADDIN_FROM); unset: not served. */
  serveAddinFrom?: string;
  /** Which proxies in front of the backend are trusted for the client's address (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** When set, GET /metrics needs `Authorization: Bearer <this>` (METRICS_TOKEN); always set in production. */
  metricsToken?: string;
  /** Local mode only: where the emulators listen. */
  emulators?: EmulatorPorts;
}

/** Identifiers of the applications the local identity emulator is seeded with (local mode only). */
export const LOCAL_APP = {
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  tenantDomain: 'contoso.example',
  /** The backend (API + Graph access). */
  backendClientId: '5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e',
  backendClientSecret: 'local-backend-secret',
  /** The add-in's single-page client (NAA / MSAL browser). */
  addinClientId: '5e1f0c3a-7d2b-4e6a-9c1d-0000000000ad',
  webexClientId: 'C0local0webex0client0id',
  webexClientSecret: 'local-webex-secret',
} as const;

/**
 * Microsoft Teams' client applications, which get the calling tab its SSO token (Microsoft's tab
 * SSO guide lists them as the clients to pre-authorize): desktop and mobile, and web.
 */
export const MICROSOFT_TEAMS_CLIENT_IDS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'] as const;

/**
 * Office's client applications, which get the add-in's launch-event handlers their token through
 * Office's single sign-on (src/addin/office/office-sso.ts; Microsoft's guide to registering an
 * add-in for SSO lists them as the clients to pre-authorize): all Office endpoints, Microsoft
 * Office (desktop), Office on the web, Outlook on the web. Office asks a token only for the API
 * that an add-in's manifest names in WebApplicationInfo, on the add-in's own domain.
 */
export const MICROSOFT_OFFICE_CLIENT_IDS = [
  'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  '93d53678-613d-4013-afc1-62e9e444a0a5',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A variable's JSON schema, with the words that complete "must be …" when a value does not fit it. */
type Variable = Record<string, unknown> & { description: string };
const portNumber = (fallback: number): Variable => ({
  type: 'integer',
  minimum: 0,
  maximum: 65535,
  default: fallback,
  description: 'a port number',
});
const positiveWholeNumber = (fallback: number): Variable => ({
  type: 'integer',
  minimum: 1,
  default: fallback,
  description: 'a positive whole number',
});
const guid: Variable = { type: 'string', pattern: `^${GUID}$`, description: 'a GUID' };
const text: Variable = { type: 'string', description: 'text' };
const commaList: Variable = { type: 'string', description: 'a list separated by commas' };

/**
 * Every variable the backend reads, with the form its value must have; validated (ajv, through
 * env-schema) before anything is derived from them. Blank values count as unset. What depends on
 * the mode or on other variables (which are required, https URLs, the key) is checked below.
 */
const ENVIRONMENT = {
  type: 'object',
  properties: {
    PORT: portNumber(3001),
    ADDIN_PORT: portNumber(3000),
    GRAPH_EMULATOR_PORT: portNumber(4000),
    IDENTITY_EMULATOR_PORT: portNumber(4001),
    WEBEX_EMULATOR_PORT: portNumber(4002),
    RATE_LIMIT_PER_MINUTE: positiveWholeNumber(120),
    BACKEND_REPLICAS: positiveWholeNumber(1),
    LOG_LEVEL: { type: 'string', enum: [...LOG_LEVELS], default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` },
    DATABASE_URL: {
      type: 'string',
      pattern: '^postgres(ql)?://',
      description: 'a postgres:// connection string (unset it to use the embedded database)',
    },
    // Room is left for the job queue's schema, `<schema>_jobs` (Postgres names are at most 63 bytes).
    DATABASE_SCHEMA: {
      type: 'string',
      pattern: '^[a-z_][a-z0-9_]{0,57}$',
      description: 'lower-case letters, digits and underscores (at most 58, not starting with a digit)',
    },
    ADDIN_ID: guid,
    ADDIN_CLIENT_ID: guid,
    ALLOWED_CLIENT_IDS: {
      type: 'string',
      pattern: `^[\\s,]*${GUID}(\\s*,[\\s,]*${GUID})*[\\s,]*$`,
      description: 'client ids (GUIDs) separated by commas',
    },
    ...Object.fromEntries(
      [
        'HOST',
        'DATA_DIR',
        'PUBLIC_BASE_URL',
        'ADDIN_BASE_URL',
        'SERVE_ADDIN_FROM',
        'TRUST_PROXY',
        'METRICS_TOKEN',
        'TOKEN_ENCRYPTION_KEY',
        'MS_CLIENT_ID',
        'MS_CLIENT_SECRET',
        'MS_CLIENT_CERTIFICATE',
        'MS_CLIENT_CERTIFICATE_KEY',
        'MS_API_APP_ID_URI',
        'MS_AUTHORITY_HOST',
        'MS_GRAPH_BASE_URL',
        'WEBEX_CLIENT_ID',
        'WEBEX_CLIENT_SECRET',
        'WEBEX_API_BASE_URL',
        'WEBEX_SERVICE_TOKEN',
      ].map((name) => [name, text]),
    ),
    ALLOWED_TENANTS: commaList,
    WEBEX_SCOPES: commaList,
  },
} as const;

/** The environment after validation: numbers are numbers, blanks are gone, defaults are filled in. */
interface Environment {
  /** Every variable of ENVIRONMENT that is set, trimmed, as text. */
  text: Env;
  PORT: number;
  ADDIN_PORT: number;
  GRAPH_EMULATOR_PORT: number;
  IDENTITY_EMULATOR_PORT: number;
  WEBEX_EMULATOR_PORT: number;
  RATE_LIMIT_PER_MINUTE: number;
  BACKEND_REPLICAS: number;
  LOG_LEVEL: Config['logLevel'];
}

function readEnvironment(env: Env): Environment {
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '' && name in ENVIRONMENT.properties) given[name] = value.trim();
  }
  try {
    const valid = envSchema({ schema: structuredClone(ENVIRONMENT) as object, data: given, env: false }) as Record<string, unknown>;
    const text = Object.fromEntries(Object.entries(valid).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    return { ...(valid as unknown as Omit<Environment, 'text'>), text };
  } catch (error) {
    const first = (error as { errors?: { instancePath: string }[] }).errors?.[0];
    const name = first?.instancePath.slice(1) ?? '';
    const variable = (ENVIRONMENT.properties as Record<string, Variable | undefined>)[name];
    if (!variable) throw error;
    throw new ConfigError(name, `must be ${variable.description}, got "${given[name]}"`);
  }
}

/** DATABASE_SCHEMA and the job queue's schema beside it. */
function databaseSchemas(env: Env): Pick<Config, 'databaseSchema' | 'jobSchema'> {
  const schema = env.DATABASE_SCHEMA;
  return schema ? { databaseSchema: schema, jobSchema: `${schema}_jobs` } : { databaseSchema: undefined, jobSchema: 'pgboss' };
}

function required(env: Env, name: string, why: string): string {
  const v = env[name];
  if (v === undefined || v.trim() === '') throw new ConfigError(name, `is required (${why})`);
  return v.trim();
}

function httpsUrl(env: Env, name: string, value: string, allowHttpLoopback = false): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an absolute URL, got "${value}"`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(allowHttpLoopback && loopback && u.protocol === 'http:')) {
    throw new ConfigError(name, `must be an https:// URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

function encryptionKey(env: Env, mode: Config['mode'], dataDir: string): Buffer {
  const raw = env.TOKEN_ENCRYPTION_KEY;
  if (raw && raw.trim() !== '') {
    const key = /^[0-9a-fA-F]{64}$/.test(raw.trim()) ? Buffer.from(raw.trim(), 'hex') : Buffer.from(raw.trim(), 'base64');
    if (key.length !== 32) {
      throw new ConfigError('TOKEN_ENCRYPTION_KEY', 'must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)');
    }
    return key;
  }
  if (mode === 'production') {
    throw new ConfigError('TOKEN_ENCRYPTION_KEY', 'is required in production (32 random bytes as base64: openssl rand -base64 32)');
  }
  // Local mode: generate once and keep it beside the embedded database.
  const file = join(dataDir, 'token-encryption.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError('TOKEN_ENCRYPTION_KEY', `the generated key in ${file} is damaged; delete it`);
  return key;
}

function readPemVariable(env: Env, name: string): string | undefined {
  const v = env[name];
  if (!v || v.trim() === '') return undefined;
  // Either the PEM itself or a path to a file holding it.
  if (v.includes('-----BEGIN')) return v.replace(/\\n/g, '\n');
  if (!existsSync(v)) throw new ConfigError(name, `must be a PEM or the path of a PEM file; no file at "${v}"`);
  return readFileSync(v, 'utf8');
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * ALLOWED_CLIENT_IDS: comma-separated GUIDs; unset, the add-in's client id, Office's and Teams'. A
 * list replaces the default rather than adding to it, so that a deployment can also leave Teams out.
 */
function allowedClientIds(env: Env, addinClientId: string): string[] {
  const given = list(env, 'ALLOWED_CLIENT_IDS');
  if (given.length === 0) return [...new Set([addinClientId.toLowerCase(), ...MICROSOFT_OFFICE_CLIENT_IDS, ...MICROSOFT_TEAMS_CLIENT_IDS])];
  return [...new Set(given.map((id) => id.toLowerCase()))];
}

function trustProxy(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Addresses or CIDR ranges, as Fastify (proxy-addr) reads them.
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)(\/\d{1,3})?$/i;
  const names = ['loopback', 'linklocal', 'uniquelocal'];
  for (const e of entries) {
    if (!address.test(e) && !names.includes(e)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, false, a number of hops, or addresses/CIDR ranges separated by commas, got "${raw}"`,
      );
    }
  }
  return entries;
}

/**
 * METRICS_TOKEN. Production requires it: /metrics would otherwise be open to anyone who reaches the
 * backend, and each scrape costs database statements. Local mode leaves it open unless it is set.
 */
function metricsToken(env: Env, mode: Config['mode']): string | undefined {
  const token = env.METRICS_TOKEN?.trim() || undefined;
  if (!token && mode === 'production') {
    throw new ConfigError(
      'METRICS_TOKEN',
      'is required in production: the bearer token scrapers send to GET /metrics (a long random value: openssl rand -base64 32)',
    );
  }
  return token;
}

function isProduction(env: Env): boolean {
  return Boolean(env.MS_CLIENT_ID && env.MS_CLIENT_ID.trim() !== '');
}

/** The backend API's Application ID URI in production (MS_API_APP_ID_URI, else api://<add-in host>/<client id>). */
function productionAppIdUri(env: Env, clientId: string, addinBaseUrl: string): string {
  return env.MS_API_APP_ID_URI?.trim() || `api://${new URL(addinBaseUrl).host}/${clientId}`;
}

/**
 * Only what the add-in's manifest needs, from the same variables and with the same defaults as
 * loadConfig: the build (webpack, which renders dist/manifest.xml) reads it without the
 * deployment's secrets, and the backend's GET /admin/manifest.xml gets the same answer from it.
 */
export function loadManifestSettings(env: Env = process.env): ManifestSettings {
  return manifestSettings(readEnvironment(env));
}

function manifestSettings(vars: Environment): ManifestSettings {
  const env = vars.text;
  const appId = env.ADDIN_ID?.toLowerCase();
  const addinClientId = env.ADDIN_CLIENT_ID?.toLowerCase();
  if (!isProduction(env)) {
    const addinPort = vars.ADDIN_PORT;
    const baseUrl = env.ADDIN_BASE_URL ? httpsUrl(env, 'ADDIN_BASE_URL', env.ADDIN_BASE_URL, true) : `https://localhost:${addinPort}`;
    return {
      baseUrl,
      ...(appId ? { appId } : {}),
      addinClientId: addinClientId ?? LOCAL_APP.addinClientId,
      // The API's Application ID URI names the host the add-in is served from.
      apiResource: `api://${new URL(baseUrl).host}/${LOCAL_APP.backendClientId}`,
    };
  }
  const clientId = required(env, 'MS_CLIENT_ID', 'the Entra application (client) id of this deployment');
  const rawBase = env.ADDIN_BASE_URL?.trim() || env.PUBLIC_BASE_URL?.trim();
  if (!rawBase) throw new ConfigError('ADDIN_BASE_URL', 'is required (or PUBLIC_BASE_URL): the https URL the add-in files are served from');
  const baseUrl = httpsUrl(env, env.ADDIN_BASE_URL?.trim() ? 'ADDIN_BASE_URL' : 'PUBLIC_BASE_URL', rawBase);
  return {
    baseUrl,
    ...(appId ? { appId } : {}),
    // One app registration may serve both the API and the add-in's sign-in.
    addinClientId: addinClientId ?? clientId,
    apiResource: productionAppIdUri(env, clientId, baseUrl),
  };
}

/**
 * Resolves the configuration from the environment (process.env unless given).
 * Throws ConfigError naming the variable when something is missing or malformed.
 */
export function loadConfig(given: Env = process.env): Config {
  const vars = readEnvironment(given);
  const env = vars.text;
  const mode: Config['mode'] = isProduction(env) ? 'production' : 'local';
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  const host = env.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  const listenPort = vars.PORT;
  const logLevel = vars.LOG_LEVEL;
  const rateLimitPerMinute = vars.RATE_LIMIT_PER_MINUTE;
  const databaseUrl = env.DATABASE_URL;
  const storage = { ...databaseSchemas(env), replicas: vars.BACKEND_REPLICAS };
  // What both modes read the same way; where the services are and how to reach them is each mode's own.
  const runtime = { mode, host, port: listenPort, dataDir, databaseUrl, ...storage, logLevel, rateLimitPerMinute };
  const serving = {
    serveAddinFrom: env.SERVE_ADDIN_FROM?.trim() ? resolve(env.SERVE_ADDIN_FROM.trim()) : undefined,
    trustProxy: trustProxy(env),
    metricsToken: metricsToken(env, mode),
  };

  if (mode === 'local') {
    const emulators: EmulatorPorts = {
      graph: vars.GRAPH_EMULATOR_PORT,
      identity: vars.IDENTITY_EMULATOR_PORT,
      webex: vars.WEBEX_EMULATOR_PORT,
    };
    const addinPort = vars.ADDIN_PORT;
    const authorityHost = `https://localhost:${emulators.identity}`;
    const manifest = manifestSettings(vars);
    return {
      ...runtime,
      publicBaseUrl: env.PUBLIC_BASE_URL ? httpsUrl(env, 'PUBLIC_BASE_URL', env.PUBLIC_BASE_URL, true) : `http://localhost:${listenPort}`,
      addinBaseUrl: manifest.baseUrl,
      tokenEncryptionKey: encryptionKey(env, mode, dataDir),
      microsoft: {
        clientId: LOCAL_APP.backendClientId,
        authorityHost,
        knownAuthorities: [`localhost:${emulators.identity}`],
        graphBaseUrl: `https://localhost:${emulators.graph}`,
        apiAudiences: [`api://localhost:${addinPort}/${LOCAL_APP.backendClientId}`, LOCAL_APP.backendClientId],
        apiScope: `api://localhost:${addinPort}/${LOCAL_APP.backendClientId}/access_as_user`,
        allowedTenants: list(env, 'ALLOWED_TENANTS'),
        // The seeded add-in, and the stand-ins for Teams' clients, which carry Teams' real ids.
        allowedClientIds: allowedClientIds(env, manifest.addinClientId),
        credential: {
          clientSecret: LOCAL_APP.backendClientSecret,
          certificate: readPemVariable(env, 'MS_CLIENT_CERTIFICATE'),
          certificatePrivateKey: readPemVariable(env, 'MS_CLIENT_CERTIFICATE_KEY'),
        },
      },
      webex: {
        clientId: LOCAL_APP.webexClientId,
        clientSecret: LOCAL_APP.webexClientSecret,
        apiBaseUrl: `https://localhost:${emulators.webex}/v1`,
        scopes: ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'],
        serviceToken: env.WEBEX_SERVICE_TOKEN || undefined,
      },
      manifest,
      ...serving,
      emulators,
    };
  }

  // Production: pointed at the real services; nothing local is started.
  const clientId = required(env, 'MS_CLIENT_ID', 'the Entra application (client) id of this deployment');
  const publicBaseUrl = httpsUrl(
    env,
    'PUBLIC_BASE_URL',
    required(env, 'PUBLIC_BASE_URL', 'the https URL Graph and browsers reach the backend at'),
  );
  const manifest = manifestSettings(vars);
  const addinBaseUrl = manifest.baseUrl;
  const certificate = readPemVariable(env, 'MS_CLIENT_CERTIFICATE');
  const certificatePrivateKey = readPemVariable(env, 'MS_CLIENT_CERTIFICATE_KEY');
  const clientSecret = env.MS_CLIENT_SECRET?.trim() || undefined;
  if (!certificate !== !certificatePrivateKey) {
    throw new ConfigError(
      certificate ? 'MS_CLIENT_CERTIFICATE_KEY' : 'MS_CLIENT_CERTIFICATE',
      'the certificate and its private key go together: set both',
    );
  }
  if (!certificate && !clientSecret) {
    throw new ConfigError('MS_CLIENT_CERTIFICATE', 'is required (or MS_CLIENT_SECRET): the backend signs in to Microsoft Graph with it');
  }
  const appIdUri = productionAppIdUri(env, clientId, addinBaseUrl);
  const authorityHost = httpsUrl(env, 'MS_AUTHORITY_HOST', env.MS_AUTHORITY_HOST ?? 'https://login.microsoftonline.com');
  return {
    ...runtime,
    publicBaseUrl,
    addinBaseUrl,
    tokenEncryptionKey: encryptionKey(env, mode, dataDir),
    microsoft: {
      clientId,
      authorityHost,
      knownAuthorities: [new URL(authorityHost).host],
      graphBaseUrl: httpsUrl(env, 'MS_GRAPH_BASE_URL', env.MS_GRAPH_BASE_URL ?? 'https://graph.microsoft.com'),
      apiAudiences: [appIdUri, clientId],
      apiScope: `${appIdUri}/access_as_user`,
      allowedTenants: list(env, 'ALLOWED_TENANTS'),
      allowedClientIds: allowedClientIds(env, manifest.addinClientId),
      credential: { certificate, certificatePrivateKey, clientSecret },
    },
    webex: {
      clientId: required(env, 'WEBEX_CLIENT_ID', 'the client id of the Webex integration'),
      clientSecret: required(env, 'WEBEX_CLIENT_SECRET', 'the client secret of the Webex integration'),
      apiBaseUrl: httpsUrl(env, 'WEBEX_API_BASE_URL', env.WEBEX_API_BASE_URL ?? 'https://webexapis.com/v1'),
      scopes: list(env, 'WEBEX_SCOPES').length
        ? list(env, 'WEBEX_SCOPES')
        : ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'],
      serviceToken: env.WEBEX_SERVICE_TOKEN?.trim() || undefined,
    },
    manifest,
    ...serving,
  };
}

/** The names of every variable the backend reads (docs/operations.md describes each). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ENVIRONMENT.properties);

/** The configuration from the environment; a bad one prints which variable to fix and exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (thrown) {
    if (thrown instanceof ConfigError) {
      console.error(`Configuration error: ${thrown.message}`);
      process.exit(1);
    }
    throw toError(thrown);
  }
}
