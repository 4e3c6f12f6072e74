import { domainErrorToApiError } from '../../../../src/server/http/error-handling';
import { webexFailureToDomainError } from '../../../../src/server/meetings/webex-failure';
import { ClientFaultError } from '../../../../src/server/outbound/client-fault-error';
import { WebexAuthorizationError } from '../../../../src/server/webex/webex-authorization-error';
import { WebexError } from '../../../../src/server/webex/webex-error';

const answer = (thrown: unknown) => {
  const refused = webexFailureToDomainError(thrown);
  const e = refused && domainErrorToApiError(refused);
  return e && { status: e.statusCode, code: e.code, retryAfter: e.headers['Retry-After'] };
};

describe('a Webex failure', () => {
  it('of the user link asks the user to link Webex (409), first or again', () => {
    expect(answer(new WebexAuthorizationError('webex_not_linked'))).toEqual({
      status: 409,
      code: 'webex_not_linked',
      retryAfter: undefined,
    });
    expect(answer(new WebexAuthorizationError('webex_reauthorization_required'))).toMatchObject({
      status: 409,
      code: 'webex_reauthorization_required',
    });
    expect(answer(new WebexError({ status: 401 }))).toMatchObject({ status: 409, code: 'webex_reauthorization_required' });
  });

  it('of Webex being busy or down is 503 with the Retry-After Webex gave, or 30 seconds', () => {
    expect(answer(new WebexError({ status: 429, retryAfterMs: 120_000 }))).toEqual({
      status: 503,
      code: 'webex_unavailable',
      retryAfter: '120',
    });
    expect(answer(new WebexError({ status: 503 }))).toEqual({ status: 503, code: 'webex_unavailable', retryAfter: '30' });
    expect(answer(new ClientFaultError('outbound_timeout', { service: 'webex', attempts: 4 }))).toMatchObject({
      status: 503,
      code: 'webex_unavailable',
    });
  });

  it('about a meeting Webex does not know is meeting_not_found', () => {
    expect(answer(new WebexError({ status: 404 }))).toMatchObject({ status: 404, code: 'meeting_not_found' });
  });

  it('refusing the meeting is a 400 of its own', () => {
    expect(answer(new WebexError({ status: 400 }))).toMatchObject({ status: 400, code: 'webex_rejected' });
  });

  it('that is no Webex failure is left to others', () => {
    expect(answer(new Error('boom'))).toBeUndefined();
    expect(answer(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeUndefined();
  });
});
