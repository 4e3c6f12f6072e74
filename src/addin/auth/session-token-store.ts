/**
 * Where the pane keeps the token the sign-in dialog sent, so that reopening the pane in the same
 * Outlook session needs neither the dialog nor MSAL. sessionStorage: it ends with the browsing
 * session and is not shared with other tabs, but it does outlive a change of mailbox in the same tab
 * (a tester switching users, a shared PC): so the token is kept with the account it was issued to
 * (login name, tenant, object id and e-mail address, as the sign-in gave them), and the provider uses it only
 * for that user (office-user.ts).
 */
import { identityOf, type AccountIdentity } from './office-user';

export interface StoredToken {
  accessToken: string;
  expiresOn: number;
  /** Whom the token was issued to; a token without one is never used for a known Office user. */
  account?: AccountIdentity;
}

export interface TokenStore {
  load(): StoredToken | undefined;
  save(token: StoredToken): void;
  clear(): void;
}

const KEY = 'webexScheduler.token';

export function sessionTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined): TokenStore {
  // Storage can be missing or refuse access (privacy settings): the pane then keeps the token in memory only.
  const attempt = <T>(work: () => T): T | undefined => {
    try {
      return storage ? work() : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    load() {
      const raw = attempt(() => storage?.getItem(KEY));
      if (!raw) return undefined;
      const parsed = attempt(() => JSON.parse(raw) as Partial<StoredToken> | null);
      if (!parsed || typeof parsed.accessToken !== 'string' || parsed.accessToken === '' || typeof parsed.expiresOn !== 'number')
        return undefined;
      const account = identityOf(parsed.account && typeof parsed.account === 'object' ? parsed.account : undefined);
      return { accessToken: parsed.accessToken, expiresOn: parsed.expiresOn, ...(account ? { account } : {}) };
    },
    save(token) {
      const account = identityOf(token.account);
      attempt(() =>
        storage?.setItem(
          KEY,
          JSON.stringify({ accessToken: token.accessToken, expiresOn: token.expiresOn, ...(account ? { account } : {}) }),
        ),
      );
    },
    clear() {
      attempt(() => storage?.removeItem(KEY));
    },
  };
}
