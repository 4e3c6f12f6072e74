import { randomBytes } from 'node:crypto';
import { popupOutcome } from '../../../../src/teams/auth/popup-outcome';

/** A state as the consent popup's first page mints it: 32 random bytes, base64url. */
const mint = () => randomBytes(32).toString('base64url');

describe('the answer the consent popup gets back', () => {
  it('is consent given when it carries a code and the state this popup minted', () => {
    const state = mint();
    expect(popupOutcome(`?code=c0de&state=${state}`, state)).toEqual({ ok: true });
  });

  it('is a refusal, with the identity platform’s error, when it carries an error and the state', () => {
    const state = mint();
    const answer = new URLSearchParams({
      error: 'access_denied',
      error_description: 'AADSTS65004: User declined to consent.\r\nTrace ID: 1',
      state,
    });
    expect(popupOutcome(`?${answer.toString()}`, state)).toEqual({
      ok: false,
      reason: 'access_denied: AADSTS65004: User declined to consent.',
    });
  });

  it('is refused without a state', () => {
    expect(popupOutcome('?code=c0de', mint())).toEqual({ ok: false, reason: 'state_mismatch' });
    expect(popupOutcome('?code=c0de&state=', mint())).toEqual({ ok: false, reason: 'state_mismatch' });
  });

  it('is refused with a state this popup did not mint (another flow’s, or another popup’s)', () => {
    const ours = mint();
    // The Webex link flow and the calendar authorization mint states of the same shape.
    expect(popupOutcome(`?code=c0de&state=${mint()}`, ours)).toEqual({ ok: false, reason: 'state_mismatch' });
    expect(popupOutcome(`?code=c0de&state=${ours.slice(0, -1)}`, ours)).toEqual({ ok: false, reason: 'state_mismatch' });
  });

  it('is refused when this popup minted no state (it did not start here)', () => {
    const state = mint();
    expect(popupOutcome(`?code=c0de&state=${state}`, undefined)).toEqual({ ok: false, reason: 'state_mismatch' });
    expect(popupOutcome('?code=c0de&state=', '')).toEqual({ ok: false, reason: 'state_mismatch' });
  });

  it('does not take an error answer without the state as the user’s decision', () => {
    expect(popupOutcome('?error=access_denied', mint())).toEqual({ ok: false, reason: 'state_mismatch' });
  });
});
