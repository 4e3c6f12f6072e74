import { getSharedItem, mayWrite } from '../../../../src/addin/office/shared-properties';

type Source = Parameters<typeof getSharedItem>[0];

type Callback = (result: { status: string; value?: unknown; error?: { code: number; name: string; message: string } }) => void;

const globals = globalThis as { Office?: unknown };
let saved: unknown;

/** Office with the requirement sets and the signed-in user's address the function reads. */
function installOffice(mailboxVersion: string, me = 'megan.bowen@contoso.example'): void {
  globals.Office = {
    context: {
      requirements: {
        isSetSupported: (name: string, min = '1.1') =>
          name === 'Mailbox' && Number(min.split('.')[1]) <= Number(mailboxVersion.split('.')[1]),
      },
      mailbox: { userProfile: { emailAddress: me } },
    },
  };
}

const sharedItem = (answer: Parameters<Callback>[0]): Source =>
  (() => ({ getSharedPropertiesAsync: (cb: Callback) => void setTimeout(() => cb(answer), 0) })) as unknown as Source;

beforeEach(() => {
  saved = globals.Office;
});
afterEach(() => {
  globals.Office = saved;
});

describe('the item’s shared properties', () => {
  it('name the owner and what the delegate may do in someone else’s calendar', async () => {
    installOffice('1.13');
    const item = await getSharedItem(
      sharedItem({
        status: 'succeeded',
        value: {
          owner: 'alex.wilber@contoso.example',
          delegatePermissions: 63,
          targetMailbox: 'alex.wilber@contoso.example',
          targetRestUrl: 'https://outlook.office.com/api',
        },
      }),
    );
    expect(item).toEqual({
      owner: 'alex.wilber@contoso.example',
      delegatePermissions: 63,
      targetMailbox: 'alex.wilber@contoso.example',
      targetRestUrl: 'https://outlook.office.com/api',
    });
    expect(mayWrite(item!)).toBe(true);
    expect(mayWrite({ owner: 'x', delegatePermissions: 1 })).toBe(false);
  });

  it('say nothing in the user’s own calendar: the call fails, the method is missing, or the owner is the user', async () => {
    installOffice('1.13');
    expect(
      await getSharedItem(
        sharedItem({
          status: 'failed',
          error: { code: 9049, name: 'InvalidSharedFolder', message: "The current folder or mailbox isn't shared." },
        }),
      ),
    ).toBeUndefined();
    expect(await getSharedItem(() => ({}))).toBeUndefined();
    expect(
      await getSharedItem(sharedItem({ status: 'succeeded', value: { owner: 'Megan.Bowen@contoso.example', delegatePermissions: 63 } })),
    ).toBeUndefined();
  });

  it('are not asked of a client without Mailbox 1.8', async () => {
    installOffice('1.7');
    const asked = jest.fn();
    expect(await getSharedItem((() => ({ getSharedPropertiesAsync: asked })) as unknown as Source)).toBeUndefined();
    expect(asked).not.toHaveBeenCalled();
  });
});
