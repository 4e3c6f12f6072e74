/**
 * The middleware chain GraphClient gives @microsoft/microsoft-graph-client, in the SDK's own
 * shape (msgraph-sdk-javascript: auth, retry, then the HTTP call):
 *
 *   FaultCapture -> AuthenticationHandler (the SDK's) -> Retry (our retry core) -> Fetch
 *
 * Retry replaces the SDK's RetryHandler, which caps Retry-After at 180 s instead of handing long
 * waits back, has no timeout, and repeats a POST after a 504.
 *
 * FaultCapture exists because the SDK turns anything a middleware throws into its own GraphError
 * with status -1; it records the original (a ClientFaultError, a GraphTokenError) on the
 * request's GraphCallControl so that GraphClient can rethrow it as it was.
 */
import {
  AuthenticationHandler,
  type AuthenticationProvider,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import type { Clock } from '../outbound/clock';
import type { RetryPolicy } from '../outbound/retry-policy';
import { RetryEvent, sendWithRetry } from '../outbound/send-with-retry';
import { toError } from '../errors';

/** Per-request settings and results, passed through the SDK's middleware options. */
export class GraphCallControl implements MiddlewareOptions {
  /** What a middleware threw, before the SDK wrapped it. */
  fault?: Error;

  constructor(
    /** Undefined: decided by the method. */
    readonly idempotent?: boolean,
    readonly signal?: AbortSignal,
  ) {}
}

function controlOf(context: Context): GraphCallControl | undefined {
  const option = context.middlewareControl?.getMiddlewareOptions(GraphCallControl);
  return option instanceof GraphCallControl ? option : undefined;
}

abstract class ChainLink implements Middleware {
  protected next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  protected async callNext(context: Context): Promise<void> {
    if (!this.next) throw new Error('graph middleware chain ends without a fetch');
    await this.next.execute(context);
  }

  abstract execute(context: Context): Promise<void>;
}

class FaultCaptureMiddleware extends ChainLink {
  async execute(context: Context): Promise<void> {
    try {
      await this.callNext(context);
    } catch (e) {
      const control = controlOf(context);
      if (control) control.fault = toError(e);
      throw e;
    }
  }
}

export interface GraphRetryOptions {
  policy?: Partial<RetryPolicy>;
  clock?: Clock;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

class RetryMiddleware extends ChainLink {
  constructor(private readonly options: GraphRetryOptions) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const control = controlOf(context);
    const method = (context.options?.method ?? 'GET').toUpperCase();
    context.response = await sendWithRetry(
      async (signal) => {
        context.options = { ...context.options, signal };
        await this.callNext(context);
        if (!context.response) throw new Error('graph fetch middleware set no response');
        return context.response;
      },
      {
        service: 'graph',
        method,
        idempotent: control?.idempotent,
        signal: control?.signal,
        policy: this.options.policy,
        clock: this.options.clock,
        random: this.options.random,
        onRetry: this.options.onRetry,
      },
    );
  }
}

class FetchMiddleware implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request, context.options as RequestInit);
  }
}

export interface GraphMiddlewareChainOptions extends GraphRetryOptions {
  /** Used when a request names no provider of its own (GraphClient always names one). */
  defaultAuthProvider: AuthenticationProvider;
  fetch?: typeof fetch;
}

export function createGraphMiddlewareChain(options: GraphMiddlewareChainOptions): Middleware[] {
  return [
    new FaultCaptureMiddleware(),
    new AuthenticationHandler(options.defaultAuthProvider),
    new RetryMiddleware(options),
    new FetchMiddleware(options.fetch ?? fetch),
  ];
}
