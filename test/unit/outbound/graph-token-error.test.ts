import { graphTokenErrorFromMsal } from '../../../src/server/graph/graph-token-error';

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

  it('keeps the AADSTS text out of the message', () => {
    const e = graphTokenErrorFromMsal(msalError('invalid_grant', 50034, 400, 'AADSTS50034: The user account alex@contoso.example does not exist'));
    expect(e.message).not.toContain('alex@');
    expect(e.serviceMessage).toContain('AADSTS50034');
    expect(e.cause).toBeUndefined();
  });
});
