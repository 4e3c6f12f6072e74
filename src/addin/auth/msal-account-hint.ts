/**
 * Whether MSAL's browser cache holds an account, read from storage without loading MSAL (about
 * 70 KB gzip): MSAL keeps the list of its account keys in clear under "msal.account.keys" or
 * "msal.<schema>.account.keys" (CacheKeys in @azure/msal-browser). Without one, a silent attempt
 * cannot succeed, so the pane shows its sign-in view without loading MSAL. Should MSAL store it
 * elsewhere one day, the answer is "no": the pane then asks for the dialog, which signs in silently.
 */
const ACCOUNT_KEYS = /^msal\.(\d+\.)?account\.keys$/;

export function msalHasCachedAccount(storage: Pick<Storage, 'length' | 'key' | 'getItem'> | undefined): boolean {
  try {
    if (!storage) return false;
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key || !ACCOUNT_KEYS.test(key)) continue;
      const keys = JSON.parse(storage.getItem(key) ?? '[]') as unknown;
      if (Array.isArray(keys) && keys.length > 0) return true;
    }
    return false;
  } catch {
    return false;
  }
}
