/**
 * Keeps an emulator's state file in step with the emulator (opt-in: the local stack's launcher
 * asks for it; tests and the benchmark keep their emulators in memory).
 *
 * Write-through: before any answer goes out, the state is taken and, when it differs from what was
 * last written, written durably (state-file.ts). So whatever a client has seen answered is on disk:
 * a request's change is never lost to a restart. Changes made outside requests (a notification
 * delivered, a subscription expiring) are looked for once a second; the most they can lose is
 * that second, and what they lose is harmless (a delivered notification sent once more, as Graph
 * may). `flush()` writes at once (the launcher calls it on Ctrl-C before the emulators close).
 */
import type { FastifyInstance } from 'fastify';
import { encodeState } from './state-codec';
import { stateFileText, writeFileDurably, type StateFileId } from './state-file';

export interface PersistStateOptions {
  app: FastifyInstance;
  path: string;
  id: StateFileId;
  /** The emulator's whole state, as its snapshot module takes it. */
  snapshot(): unknown;
  /** How often changes made outside requests are looked for (default 1000 ms). */
  backgroundMs?: number;
  /** A write that failed (default: printed on stderr, once until writes work again). */
  onError?(error: Error): void;
}

export interface PersistedState {
  /** Writes the state now if it changed; throws when the write fails. */
  flush(): void;
  /** Stops looking for background changes (requests still write). */
  stopBackground(): void;
}

/** Writes the current state at once and after every change from then on; call before the app listens. */
export function persistState(options: PersistStateOptions): PersistedState {
  let written: string | undefined;
  let failing = false;
  const report =
    options.onError ??
    ((error: Error) => {
      if (!failing) console.error(`Could not save the ${options.id.emulator} emulator's state to ${options.path}: ${error.message}`);
    });

  const flush = () => {
    const encoded = encodeState(options.snapshot());
    if (encoded === written) return;
    writeFileDurably(options.path, stateFileText(options.id, encoded));
    written = encoded;
  };
  const tryFlush = () => {
    try {
      flush();
      failing = false;
    } catch (e) {
      report(e instanceof Error ? e : new Error(String(e)));
      failing = true;
    }
  };

  options.app.addHook('onSend', async (req, _reply, payload) => {
    if (req.url !== '/_emulator/health') tryFlush();
    return payload;
  });
  const timer = setInterval(tryFlush, options.backgroundMs ?? 1000);
  timer.unref();
  flush();

  return {
    flush,
    stopBackground: () => clearInterval(timer),
  };
}
