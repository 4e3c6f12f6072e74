import { GraphError } from '../../../../src/server/graph/graph-error';
import { GraphTokenError } from '../../../../src/server/graph/graph-token-error';
import { DomainError } from '../../../../src/server/errors';
import { domainErrorToApiError } from '../../../../src/server/http/error-handling';
import { ClientFaultError } from '../../../../src/server/outbound/client-fault-error';
import { teamsDomainError } from '../../../../src/server/teams/teams-error';

function code(e: unknown): [number, string] {
  const mapped = teamsDomainError(e);
  if (!(mapped instanceof DomainError)) throw new Error('not a DomainError');
  const answered = domainErrorToApiError(mapped);
  return [answered.statusCode, answered.code];
}

describe('what the tab is told when a Graph call fails', () => {
  it('asks to authorize when consent is missing or revoked, whichever step noticed', () => {
    expect(code(new GraphTokenError('graph_consent_required', { aadsts: '65001' }))).toEqual([403, 'consent_required']);
    expect(code(new GraphError({ status: 403, serviceCode: 'Authorization_RequestDenied' }))).toEqual([403, 'consent_required']);
    expect(
      code(
        new GraphError({
          status: 403,
          serviceCode: 'Forbidden',
          serviceMessage: "Missing scope permissions on the request. API requires one of 'Chat.ReadBasic'.",
        }),
      ),
    ).toEqual([403, 'consent_required']);
  });

  it('asks to sign in again when Microsoft wants an interaction or Graph refuses the token', () => {
    expect(code(new GraphTokenError('graph_interaction_required', { aadsts: '50076' }))).toEqual([403, 'interaction_required']);
    expect(code(new GraphError({ status: 401, serviceCode: 'InvalidAuthenticationToken' }))).toEqual([403, 'interaction_required']);
  });

  it('asks for a fresh SSO token when the assertion is refused', () => {
    expect(code(new GraphTokenError('graph_user_assertion_invalid', { aadsts: '500133' }))).toEqual([401, 'sso_token_rejected']);
  });

  it('tells a chat the user is not in from a missing permission', () => {
    expect(
      code(new GraphError({ status: 403, serviceCode: 'Forbidden', serviceMessage: 'The caller is not a member of the chat.' })),
    ).toEqual([403, 'not_a_member']);
  });

  it('says graph_unavailable with a Retry-After when Graph is busy or unreachable', () => {
    const busy = domainErrorToApiError(teamsDomainError(new GraphError({ status: 429, retryAfterMs: 7_000 })) as DomainError);
    expect([busy.statusCode, busy.code, busy.headers['Retry-After']]).toEqual([503, 'graph_unavailable', '7']);
    expect(code(new ClientFaultError('outbound_timeout', { service: 'graph', attempts: 2 }))).toEqual([503, 'graph_unavailable']);
    expect(code(new GraphTokenError('graph_token_unavailable'))).toEqual([503, 'graph_unavailable']);
  });

  it('blames the configuration, not the user, for a refused credential', () => {
    expect(code(new GraphTokenError('graph_credential_invalid'))).toEqual([500, 'server_misconfigured']);
  });

  it('passes the API’s own errors and unknown faults through', () => {
    const own = new DomainError('invalid', 'speed_dials_full', 'x');
    expect(teamsDomainError(own)).toBe(own);
    const fault = new TypeError('boom');
    expect(teamsDomainError(fault)).toBe(fault);
  });
});
