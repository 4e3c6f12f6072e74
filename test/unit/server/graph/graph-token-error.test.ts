import { graphTokenErrorFromMsal } from '../../../../src/server/graph/graph-token-error';

/** An MSAL ServerError as msal-node throws it (duck-typed: errorCode, errorMessage, errorNo, status). */
function msalError(errorCode: string, errorNo?: number | string, status?: number, errorMessage = '') {
  return Object.assign(new Error(errorMessage), { errorCode, errorNo, status, errorMessage });
}

describe('graphTokenErrorFromMsal', () => {
  it.each([
    ['invalid_client', 7000229, 'graph_consent_required'],
    ['unauthorized_client', 700016, 'graph_consent_required'],
    ['invalid_client', 7000215, 'graph_credential_invalid'],
    ['invalid_client', 700027, 'graph_credential_invalid'],
    ['invalid_grant', 500133, 'graph_user_assertion_invalid'],
    ['interaction_required', 50076, 'graph_interaction_required'],
    ['invalid_request', 90002, 'graph_tenant_unknown'],
  ])('maps %s with AADSTS%s to %s', (errorCode, errorNo, code) => {
    expect(graphTokenErrorFromMsal(msalError(errorCode, errorNo))).toMatchObject({ code, aadsts: String(errorNo), msalCode: errorCode });
  });

  it('reads the AADSTS number from the message when MSAL gives no errorNo', () => {
    const e = msalError('invalid_client', undefined, 401, 'AADSTS7000222: The provided client secret keys are expired.');
    expect(graphTokenErrorFromMsal(e)).toMatchObject({ code: 'graph_credential_invalid', aadsts: '7000222' });
  });

  it('treats a throttled or failing token service as retryable', () => {
    const e = graphTokenErrorFromMsal(msalError('temporarily_unavailable', undefined, 503));
    expect(e).toMatchObject({ code: 'graph_token_unavailable', retryable: true });
  });

  it('treats temporarily_unavailable as retryable when MSAL gives no status (a refresh token redeemed during an outage)', () => {
    const e = graphTokenErrorFromMsal(msalError('temporarily_unavailable', 90033));
    expect(e).toMatchObject({ code: 'graph_token_unavailable', aadsts: '90033', retryable: true });
  });

  it('treats MSAL replaying a throttled answer from its cache as retryable, whatever AADSTS numbers the answer had', () => {
    // msal-common's ThrottlingUtils: after a 429 or 5xx it throws ServerError(error_codes joined, ...) with no status until Retry-After passes.
    for (const errorCode of ['', '90033', '50196 90055', '9999999']) {
      const replay = Object.assign(new Error(''), {
        name: 'ServerError',
        errorCode,
        errorMessage: 'AADSTS90033: A transient error has occurred.',
      });
      expect([errorCode, graphTokenErrorFromMsal(replay)]).toEqual([
        errorCode,
        expect.objectContaining({ code: 'graph_token_unavailable', retryable: true }),
      ]);
    }
  });

  it('treats the token service saying it is temporarily unavailable or throttling (AADSTS90033, 90055) as retryable', () => {
    for (const errorNo of [90033, 90055])
      expect(graphTokenErrorFromMsal(msalError('invalid_request', errorNo, 400))).toMatchObject({ code: 'graph_token_unavailable' });
  });

  it('keeps the AADSTS text out of the message', () => {
    const e = graphTokenErrorFromMsal(
      msalError('invalid_grant', 50034, 400, 'AADSTS50034: The user account alex@contoso.example does not exist'),
    );
    expect(e.message).not.toContain('alex@');
    expect(e.serviceMessage).toContain('AADSTS50034');
    expect(e.cause).toBeUndefined();
  });
});
