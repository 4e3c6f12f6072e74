/**
 * Where the pane keeps the token the sign-in dialog sent, so that reopening the pane in the same
 * Outlook session needs neither the dialog nor MSAL. sessionStorage: it ends with the browsing
 * session and is not shared with other tabs; only the token and its expiry are kept, nothing about
 * the user.
 */
export interface StoredToken {
  accessToken: string;
  expiresOn: number;
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
      return parsed && typeof parsed.accessToken === 'string' && parsed.accessToken !== '' && typeof parsed.expiresOn === 'number'
        ? { accessToken: parsed.accessToken, expiresOn: parsed.expiresOn }
        : undefined;
    },
    save(token) {
      attempt(() => storage?.setItem(KEY, JSON.stringify({ accessToken: token.accessToken, expiresOn: token.expiresOn })));
    },
    clear() {
      attempt(() => storage?.removeItem(KEY));
    },
  };
}
