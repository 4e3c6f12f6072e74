/**
 * The user Office says is signed in to the mailbox, and whether an MSAL account (or the account a
 * token was issued to) is that user. Every token the add-in uses must be this user's: a browser
 * profile shared by several people (a kiosk, a shared PC, a tester switching mailboxes) holds other
 * users' MSAL accounts and tokens, and using one of those would read and write another user's
 * meetings through the backend (docs/architecture.md, "Whose token the add-in uses").
 *
 * Office names the user by the mailbox's address (Office.context.mailbox.userProfile.emailAddress);
 * with nested app authentication it also gives the account's UPN, tenant and object id
 * (Office.auth.getAuthContext). Accounts are compared by login name or e-mail address (the ID
 * token's `email` claim), case-insensitively; where both sides know the tenant or the object id,
 * those must agree too.
 */
import { officeAuthContext, userEmail } from '../office/office-context';

export interface OfficeUser {
  /** The login to pass as MSAL's loginHint: the UPN where Office gives it, else the mailbox's address. */
  login: string;
  /** Other names of the same user (the mailbox's address when the UPN is the login). */
  aliases: string[];
  tenantId?: string;
  objectId?: string;
}

/** What MSAL's AccountInfo and the dialog's message say about an account. */
export interface AccountIdentity {
  username?: string;
  tenantId?: string;
  localAccountId?: string;
  /** The ID token's `email` claim (the sign-in asks for the `email` scope): the mailbox's address where it is not the UPN. */
  email?: string;
}

/** MSAL's AccountInfo, with the ID token claims it keeps. */
type MsalAccountLike = AccountIdentity & { idTokenClaims?: { [claim: string]: unknown } };

/** Office's user, or undefined outside a mailbox (no user to bind to). */
export async function officeUser(): Promise<OfficeUser | undefined> {
  const email = userEmail();
  const context = await officeAuthContext();
  const login = context?.userPrincipalName ?? email;
  if (!login) return undefined;
  return {
    login,
    aliases: email && email.toLowerCase() !== login.toLowerCase() ? [email] : [],
    ...(context?.tenantId ? { tenantId: context.tenantId } : {}),
    ...(context?.userObjectId ? { objectId: context.userObjectId } : {}),
  };
}

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Whether the account is Office's user. */
export function isOfficeUser(account: AccountIdentity | undefined, user: OfficeUser): boolean {
  if (!account) return false;
  if (user.tenantId && account.tenantId && !same(user.tenantId, account.tenantId)) return false;
  if (user.objectId && account.localAccountId) return same(user.objectId, account.localAccountId);
  return [user.login, ...user.aliases].some((name) => same(name, account.username) || same(name, account.email));
}

/** Office's user among MSAL's cached accounts (one in Office's tenant first), or undefined. */
export function accountOf<T extends MsalAccountLike>(accounts: readonly (T | null | undefined)[], user: OfficeUser): T | undefined {
  const matches = accounts.filter((a): a is T => a !== null && a !== undefined && isOfficeUser(identityOf(a), user));
  return matches.find((a) => user.tenantId !== undefined && same(a.tenantId, user.tenantId)) ?? matches[0];
}

/** The identity worth keeping with a token: what MSAL says of its account. */
export function identityOf(account: MsalAccountLike | null | undefined): AccountIdentity | undefined {
  if (typeof account?.username !== 'string' || account.username === '') return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const tenantId = text(account.tenantId);
  const localAccountId = text(account.localAccountId);
  const email = text(account.email) ?? text(account.idTokenClaims?.email);
  return {
    username: account.username,
    ...(tenantId ? { tenantId } : {}),
    ...(localAccountId ? { localAccountId } : {}),
    ...(email ? { email } : {}),
  };
}
