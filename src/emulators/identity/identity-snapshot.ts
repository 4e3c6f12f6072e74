/**
 * The identity emulator's saved state, for a local stack that survives a restart: tenants and
 * users as changed, application registrations, consents, authorization codes, refresh tokens,
 * sign-in sessions, revocations, the clock offset, and the token-signing key, so that the tokens
 * clients hold (access tokens the backend cached, id tokens, refresh tokens) stay good across the
 * restart. The seeded app registrations are taken from this start, not from the file
 * (IdentityState.importData): they follow the ports the stack runs on now.
 */
import { requireFields } from '../shared/state-shape';
import type { StateFileId } from '../shared/state-file';
import type { IdentityEmulator } from './identity-emulator';
import type { IdentityStateData } from './identity-state';
import type { SigningKeyPem } from './token-signer';

export const IDENTITY_STATE_FILE: StateFileId = { emulator: 'identity', version: 1 };

export interface IdentitySnapshot {
  signingKey: SigningKeyPem;
  state: IdentityStateData;
}

export function snapshotIdentity(emulator: IdentityEmulator, signingKey: SigningKeyPem): IdentitySnapshot {
  return { signingKey, state: emulator.state.exportData() };
}

/** Checks a saved snapshot's shape; throws StateShapeError for one that cannot be restored. */
export function parseIdentitySnapshot(value: unknown): IdentitySnapshot {
  const snapshot = requireFields<IdentitySnapshot>(value, { signingKey: 'object', state: 'object' }, 'identity');
  requireFields(snapshot.signingKey, { privateKey: 'string', certificate: 'string' }, 'identity.signingKey');
  requireFields(
    snapshot.state,
    {
      clockOffsetSeconds: 'number',
      tokenCounters: 'object',
      tenants: 'array',
      applications: 'array',
      adminConsents: 'array',
      userConsents: 'array',
      codes: 'array',
      refreshTokens: 'array',
      sessions: 'array',
      revocations: 'array',
      seq: 'number',
    },
    'identity.state',
  );
  return snapshot;
}

/** Puts the saved state in place; the emulator must have been created with the snapshot's signing key. */
export function restoreIdentity(emulator: IdentityEmulator, snapshot: IdentitySnapshot): void {
  emulator.state.importData(snapshot.state);
}
