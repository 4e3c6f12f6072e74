import { AuthError } from '../../../../src/addin/auth/auth-error';
import { createOfficeSsoTokenProvider } from '../../../../src/addin/auth/office-sso-token-provider';
import { officeSsoToken } from '../../../../src/addin/office/office-sso';
import { OfficeError } from '../../../../src/addin/office/office-error';

type Globals = { OfficeRuntime?: unknown; Office?: unknown };
const globals = globalThis as Globals;

afterEach(() => {
  delete globals.OfficeRuntime;
  delete globals.Office;
});

describe('Office’s single sign-on (the launch events’ sign-in)', () => {
  it('asks OfficeRuntime.auth for a token, without any prompt', async () => {
    const getAccessToken = jest.fn(async () => 'sso-token');
    globals.OfficeRuntime = { auth: { getAccessToken } };
    await expect(officeSsoToken()).resolves.toBe('sso-token');
    expect(getAccessToken).toHaveBeenCalledWith({ allowSignInPrompt: false, allowConsentPrompt: false, forMSGraphAccess: false });
  });

  it('uses Office.auth where there is no OfficeRuntime', async () => {
    globals.Office = { auth: { getAccessToken: async () => 'from-office-auth' } };
    await expect(officeSsoToken()).resolves.toBe('from-office-auth');
  });

  it('rejects with Office’s error code, or office_unavailable where Office has no single sign-on', async () => {
    globals.OfficeRuntime = {
      auth: { getAccessToken: () => Promise.reject(Object.assign(new Error('not signed in'), { name: '13001', code: 13001 })) },
    };
    const thrown = await officeSsoToken().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(OfficeError);
    expect(thrown).toMatchObject({ officeCode: 13001 });
    delete globals.OfficeRuntime;
    await expect(officeSsoToken()).rejects.toMatchObject({ code: 'office_unavailable' });
  });

  it('turns every failure into sign_in_required, with Office’s code as the reason (the info bar then says to open the pane)', async () => {
    const provider = createOfficeSsoTokenProvider(() => Promise.reject(new OfficeError('13002', 'consent', 13002)));
    const thrown = await provider.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AuthError);
    expect(thrown).toMatchObject({ code: 'sign_in_required', reason: '13002' });
    const unavailable = await createOfficeSsoTokenProvider(() => Promise.reject(new OfficeError('office_unavailable', 'none')))
      .getToken()
      .catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ code: 'sign_in_required', reason: 'office_unavailable' });
    await expect(createOfficeSsoTokenProvider(async () => 'token').getToken()).resolves.toBe('token');
  });
});
