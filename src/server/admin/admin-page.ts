/**
 * The admin page's HTML, in English or Russian (by Accept-Language). Pure: it gets what to show and
 * returns markup; every value is escaped. No script: links and plain forms only, so that the page
 * runs under a CSP that forbids scripts.
 */
import type { TenantOverview } from './tenant-overview';

export type AdminLanguage = 'en' | 'ru';

export interface AdminPageModel {
  language: AdminLanguage;
  /** Nonce of the page's one style block. */
  nonce: string;
  /** Signed in: the session's anti-forgery token, the tenant's overview and its default template. */
  session?: { csrf: string; overview: TenantOverview; defaultTemplate?: DefaultTemplateModel };
  /** An error to explain, by code. */
  errorCode?: string;
  /** A notice after an action ('authorized', 'revoked', 'signed_out'). */
  notice?: string;
}

/** The organization's default meeting template (admin-routes.ts POST /admin/default-template). */
export interface DefaultTemplateModel {
  /** The template set; '': none. */
  templateId: string;
  /** The organization's templates to choose from (organization Webex token); absent: a field for an id. */
  choices?: { id: string; name: string; siteUrl: string }[];
  /** Webex could not list them just now: a field for an id, and a word why. */
  choicesUnavailable?: boolean;
}

const STRINGS = {
  en: {
    title: 'Webex Scheduler — administration',
    intro: 'Authorize Webex Scheduler for Outlook for everyone in your Microsoft 365 organization, see how it is doing, or withdraw it.',
    signIn: 'Sign in as a Microsoft 365 administrator',
    signInHint: 'Sign in with an account that is a Global Administrator or Privileged Role Administrator of your organization.',
    tenant: 'Organization (tenant id)',
    mode: 'Authorization',
    modeAdmin: 'Authorized for the whole organization',
    modeIndividual: 'Not authorized for the organization: each user authorizes their own calendar',
    modeNone: 'Not authorized yet',
    since: 'since',
    authorize: 'Authorize for the whole organization',
    authorizeHint: 'Opens Microsoft’s consent page. The app then gets these application permissions:',
    checkAgain: 'Check the authorization again',
    webex: 'Webex',
    webexOrganization:
      'Meetings are scheduled by your organization’s Webex account for each user (their address must be in one of your verified domains); users link nothing.',
    webexPersonal: 'Each user links their own Webex account from the add-in.',
    users: 'Users',
    usersTotal: 'known to the app',
    usersSynced: 'whose calendar is followed',
    usersAuthorized: 'who authorized their own calendar',
    usersWebex: 'with a linked Webex account',
    subscriptions: 'Calendar subscriptions',
    active: 'active',
    reauthorize: 'waiting for reauthorization',
    removed: 'removed',
    expiringSoon: 'expiring within 24 hours',
    lapsed: 'past their expiry',
    nextExpiry: 'next expiry',
    errors: 'Sync errors in the last 7 days',
    noErrors: 'None.',
    code: 'code',
    count: 'count',
    revoke: 'Revoke',
    revokeHint:
      'Deletes every calendar subscription and every stored token of your organization’s users (Microsoft and Webex) and ends organization-wide authorization. To withdraw the consent in Microsoft Entra too, delete the app under Enterprise applications.',
    defaultTemplate: 'Default meeting template',
    defaultTemplateHint:
      'New meetings of your organization’s users start from this Webex meeting template, unless a user chose a template of their own in the add-in.',
    defaultTemplateId: 'Template id (as Webex names it)',
    defaultTemplateNone: 'None',
    defaultTemplateUnknown: 'A template Webex does not list now',
    defaultTemplateUnavailable: 'Webex could not list your organization’s templates just now; enter a template id instead.',
    save: 'Save',
    manifest: 'Deployment',
    manifestHint: 'The add-in manifest for this deployment, for Integrated apps in the Microsoft 365 admin center:',
    signOut: 'Sign out',
    notices: {
      authorized: 'Authorized: users of your organization need no consent of their own.',
      revoked: 'Revoked: subscriptions and stored tokens were deleted.',
      signed_out: 'Signed out.',
      template_saved: 'Saved: the default meeting template was changed.',
    } as Record<string, string>,
    errorsByCode: {
      admin_sign_in_required: 'Sign in first.',
      admin_role_required:
        'This account is not an administrator who may authorize apps for the organization (Global Administrator or Privileged Role Administrator).',
      admin_other_tenant: 'You are signed in to another organization.',
      admin_csrf_invalid: 'The form expired. Try again.',
      authorization_flow_invalid: 'The sign-in took too long or was started elsewhere. Try again.',
      authorization_declined: 'Microsoft reported that the request was declined.',
      sign_in_failed: 'The sign-in could not be completed. Try again.',
      admin_consent_tenant_mismatch: 'The consent was given for another organization than the one you are signed in to.',
      admin_consent_unverified: 'Microsoft has not applied the consent yet. Wait a few minutes, then check again.',
      microsoft_unavailable: 'Microsoft 365 cannot be reached right now. Try again in a few minutes.',
      admin_template_invalid: 'That is not a Webex meeting template id.',
    } as Record<string, string>,
    permissions: [
      ['Calendars.ReadWrite', 'read each user’s calendar events when they change, and rewrite a copied event’s join details'],
      ['User.Read.All', 'read a user’s email address to schedule their Webex meeting (never stored)'],
      ['Directory.Read.All', 'read your organization’s verified domains, so that no meeting is ever scheduled for an address outside them'],
      [
        'Calendars.ReadWrite.Shared, User.ReadBasic.All',
        'check, with a delegate’s own sign-in, that they may edit the calendar they schedule a meeting in, and find its owner (never stored)',
      ],
      ['openid, profile', 'sign you in to this page'],
    ],
  },
  ru: {
    title: 'Планировщик Webex — администрирование',
    intro:
      'Разрешите Планировщику Webex для Outlook работать для всех сотрудников вашей организации Microsoft 365, следите за его работой или отзовите разрешение.',
    signIn: 'Войти как администратор Microsoft 365',
    signInHint: 'Войдите под учётной записью глобального администратора или администратора привилегированных ролей вашей организации.',
    tenant: 'Организация (идентификатор клиента)',
    mode: 'Разрешение',
    modeAdmin: 'Разрешено для всей организации',
    modeIndividual: 'Не разрешено для организации: каждый пользователь разрешает доступ к своему календарю сам',
    modeNone: 'Пока не разрешено',
    since: 'с',
    authorize: 'Разрешить для всей организации',
    authorizeHint: 'Откроется страница согласия Microsoft. Приложение получит следующие разрешения приложения:',
    checkAgain: 'Проверить разрешение ещё раз',
    webex: 'Webex',
    webexOrganization:
      'Встречи планирует учётная запись Webex вашей организации от имени каждого пользователя (его адрес должен быть в одном из подтверждённых доменов); пользователям ничего подключать не нужно.',
    webexPersonal: 'Каждый пользователь подключает свою учётную запись Webex в надстройке.',
    users: 'Пользователи',
    usersTotal: 'известны приложению',
    usersSynced: 'чей календарь отслеживается',
    usersAuthorized: 'разрешили доступ к своему календарю',
    usersWebex: 'подключили Webex',
    subscriptions: 'Подписки на календари',
    active: 'активны',
    reauthorize: 'ждут повторной авторизации',
    removed: 'удалены',
    expiringSoon: 'истекают в ближайшие 24 часа',
    lapsed: 'уже истекли',
    nextExpiry: 'ближайшее истечение',
    errors: 'Ошибки синхронизации за 7 дней',
    noErrors: 'Нет.',
    code: 'код',
    count: 'количество',
    revoke: 'Отозвать',
    revokeHint:
      'Удаляет все подписки на календари и все сохранённые токены пользователей вашей организации (Microsoft и Webex) и отменяет разрешение для всей организации. Чтобы отозвать согласие и в Microsoft Entra, удалите приложение в разделе «Корпоративные приложения».',
    defaultTemplate: 'Шаблон встреч по умолчанию',
    defaultTemplateHint:
      'Новые встречи пользователей вашей организации создаются по этому шаблону встреч Webex, если пользователь не выбрал собственный шаблон в надстройке.',
    defaultTemplateId: 'Идентификатор шаблона (как его называет Webex)',
    defaultTemplateNone: 'Нет',
    defaultTemplateUnknown: 'Шаблон, которого Webex сейчас не показывает',
    defaultTemplateUnavailable: 'Webex сейчас не смог показать шаблоны вашей организации; введите идентификатор шаблона.',
    save: 'Сохранить',
    manifest: 'Развёртывание',
    manifestHint:
      'Манифест надстройки для этого развёртывания — для раздела «Интегрированные приложения» центра администрирования Microsoft 365:',
    signOut: 'Выйти',
    notices: {
      authorized: 'Разрешено: пользователям вашей организации не нужно давать согласие самим.',
      revoked: 'Отозвано: подписки и сохранённые токены удалены.',
      signed_out: 'Вы вышли.',
      template_saved: 'Сохранено: шаблон встреч по умолчанию изменён.',
    } as Record<string, string>,
    errorsByCode: {
      admin_sign_in_required: 'Сначала войдите.',
      admin_role_required:
        'Эта учётная запись не принадлежит администратору, который может разрешать приложения для организации (глобальный администратор или администратор привилегированных ролей).',
      admin_other_tenant: 'Вы вошли в другую организацию.',
      admin_csrf_invalid: 'Срок действия формы истёк. Повторите попытку.',
      authorization_flow_invalid: 'Вход занял слишком много времени или был начат в другом месте. Повторите попытку.',
      authorization_declined: 'Microsoft сообщает, что запрос отклонён.',
      sign_in_failed: 'Не удалось завершить вход. Повторите попытку.',
      admin_consent_tenant_mismatch: 'Согласие дано для другой организации, а не той, в которую вы вошли.',
      admin_consent_unverified: 'Microsoft ещё не применил согласие. Подождите несколько минут и проверьте снова.',
      microsoft_unavailable: 'Microsoft 365 сейчас недоступен. Повторите попытку через несколько минут.',
      admin_template_invalid: 'Это не идентификатор шаблона встреч Webex.',
    } as Record<string, string>,
    permissions: [
      [
        'Calendars.ReadWrite',
        'читать события календаря пользователей при их изменении и переписывать сведения о подключении в копии события',
      ],
      ['User.Read.All', 'читать адрес электронной почты пользователя, чтобы запланировать его встречу Webex (адрес не сохраняется)'],
      ['Directory.Read.All', 'читать подтверждённые домены организации, чтобы никогда не планировать встречу на адрес вне их'],
      [
        'Calendars.ReadWrite.Shared, User.ReadBasic.All',
        'проверять под учётной записью самого делегата, что он может изменять календарь, в котором планирует встречу, и находить владельца календаря (ничего не сохраняется)',
      ],
      ['openid, profile', 'выполнять вход на эту страницу'],
    ],
  },
} as const;

/** The language of the page from an Accept-Language header: Russian when preferred, else English. */
export function adminLanguage(acceptLanguage: string | undefined): AdminLanguage {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'ru' || tag.startsWith('ru-')) return 'ru';
    if (tag === 'en' || tag.startsWith('en-') || tag === '*') return 'en';
  }
  return 'en';
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:"Segoe UI",system-ui,sans-serif;margin:2rem auto;max-width:46rem;color:#242424;line-height:1.45;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem}table{border-collapse:collapse}td,th{padding:.2rem .8rem .2rem 0;text-align:left}
.notice{background:#e8f4ea;padding:.6rem}.error{background:#fde7e9;padding:.6rem}.button{display:inline-block;background:#0f6cbd;color:#fff;padding:.5rem 1rem;border-radius:4px;text-decoration:none;border:0;font:inherit;cursor:pointer}
.danger{background:#c50f1f}.secondary{background:#616161}form{display:inline}`;

/** The default template's form: a choice of the organization's templates, or a field for an id; "None" clears it. */
function defaultTemplateHtml(t: (typeof STRINGS)[AdminLanguage], d: DefaultTemplateModel, csrfField: string): string {
  const heading = `<h2>${escapeHtml(t.defaultTemplate)}</h2><p>${escapeHtml(t.defaultTemplateHint)}</p>`;
  if (d.choices) {
    const known = d.templateId === '' || d.choices.some((c) => c.id === d.templateId);
    const option = (value: string, label: string) =>
      `<option value="${escapeHtml(value)}"${value === d.templateId ? ' selected' : ''}>${escapeHtml(label)}</option>`;
    const options = [
      option('', t.defaultTemplateNone),
      ...d.choices.map((c) => option(c.id, `${c.name} (${c.siteUrl})`)),
      ...(known ? [] : [option(d.templateId, `${t.defaultTemplateUnknown}: ${d.templateId}`)]),
    ].join('');
    return `${heading}<form method="post" action="/admin/default-template">${csrfField}<select name="templateId" data-testid="admin-default-template" aria-label="${escapeHtml(t.defaultTemplate)}">${options}</select> <button class="button" type="submit" data-testid="admin-default-template-save">${escapeHtml(t.save)}</button></form>`;
  }
  const unavailable = d.choicesUnavailable
    ? `<p data-testid="admin-default-template-unavailable">${escapeHtml(t.defaultTemplateUnavailable)}</p>`
    : '';
  return `${heading}${unavailable}<form method="post" action="/admin/default-template">${csrfField}<label>${escapeHtml(t.defaultTemplateId)} <input name="templateId" maxlength="512" value="${escapeHtml(d.templateId)}" data-testid="admin-default-template"></label> <button class="button" type="submit" data-testid="admin-default-template-save">${escapeHtml(t.save)}</button></form>
<form method="post" action="/admin/default-template">${csrfField}<input type="hidden" name="templateId" value=""><button class="button secondary" type="submit" data-testid="admin-default-template-none">${escapeHtml(t.defaultTemplateNone)}</button></form>`;
}

function overviewHtml(t: (typeof STRINGS)[AdminLanguage], o: TenantOverview, csrf: string, defaultTemplate?: DefaultTemplateModel): string {
  const mode = o.mode === 'admin' ? t.modeAdmin : o.mode === 'individual' ? t.modeIndividual : t.modeNone;
  const since = o.adminConsentedAt ? ` (${t.since} ${escapeHtml(o.adminConsentedAt)})` : '';
  const csrfField = `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
  const permissions = t.permissions.map(([p, why]) => `<li><b>${escapeHtml(p)}</b> — ${escapeHtml(why)}</li>`).join('');
  const authorize =
    o.mode === 'admin'
      ? ''
      : `<p>${escapeHtml(t.authorizeHint)}</p><ul>${permissions}</ul><p><a class="button" data-testid="admin-authorize" href="/admin/consent/start">${escapeHtml(t.authorize)}</a></p>`;
  const errors = Object.entries(o.syncErrors.byCode).sort((a, b) => b[1] - a[1]);
  const errorTable = errors.length
    ? `<table><tr><th>${escapeHtml(t.code)}</th><th>${escapeHtml(t.count)}</th></tr>${errors.map(([c, n]) => `<tr><td><code>${escapeHtml(c)}</code></td><td>${n}</td></tr>`).join('')}</table>`
    : `<p>${escapeHtml(t.noErrors)}</p>`;
  const s = o.subscriptions;
  return `<table>
<tr><th>${escapeHtml(t.tenant)}</th><td data-testid="admin-tenant">${escapeHtml(o.tenantId)}</td></tr>
<tr><th>${escapeHtml(t.mode)}</th><td data-testid="admin-mode" data-mode="${o.mode}">${escapeHtml(mode)}${since}</td></tr>
</table>
${authorize}
<h2>${escapeHtml(t.webex)}</h2><p data-testid="admin-webex" data-scheduling="${o.webexScheduling}">${escapeHtml(o.webexScheduling === 'organization' ? t.webexOrganization : t.webexPersonal)}</p>
<h2>${escapeHtml(t.users)}</h2>
<table data-testid="admin-users">
<tr><td>${o.users.total}</td><td>${escapeHtml(t.usersTotal)}</td></tr>
<tr><td>${o.users.synced}</td><td>${escapeHtml(t.usersSynced)}</td></tr>
<tr><td>${o.users.calendarAuthorized}</td><td>${escapeHtml(t.usersAuthorized)}</td></tr>
<tr><td>${o.users.webexLinked}</td><td>${escapeHtml(t.usersWebex)}</td></tr>
</table>
<h2>${escapeHtml(t.subscriptions)}</h2>
<table data-testid="admin-subscriptions">
<tr><td>${s.active}</td><td>${escapeHtml(t.active)}</td></tr>
<tr><td>${s.reauthorize}</td><td>${escapeHtml(t.reauthorize)}</td></tr>
<tr><td>${s.expiringSoon}</td><td>${escapeHtml(t.expiringSoon)}</td></tr>
<tr><td>${s.lapsed}</td><td>${escapeHtml(t.lapsed)}</td></tr>
${s.nextExpiry ? `<tr><td>${escapeHtml(s.nextExpiry)}</td><td>${escapeHtml(t.nextExpiry)}</td></tr>` : ''}
</table>
<h2>${escapeHtml(t.errors)}</h2>
${errorTable}
${defaultTemplate ? defaultTemplateHtml(t, defaultTemplate, csrfField) : ''}
<h2>${escapeHtml(t.manifest)}</h2>
<p>${escapeHtml(t.manifestHint)} <a href="/admin/manifest.xml">manifest.xml</a> · <a href="/admin/manifest.json">manifest.json</a></p>
<h2>${escapeHtml(t.revoke)}</h2>
<p>${escapeHtml(t.revokeHint)}</p>
<form method="post" action="/admin/revoke">${csrfField}<button class="button danger" type="submit" data-testid="admin-revoke">${escapeHtml(t.revoke)}</button></form>
<p><form method="post" action="/admin/sign-out">${csrfField}<button class="button secondary" type="submit">${escapeHtml(t.signOut)}</button></form></p>`;
}

export function renderAdminPage(model: AdminPageModel): string {
  const t = STRINGS[model.language];
  const notice =
    model.notice && t.notices[model.notice]
      ? `<p class="notice" data-testid="admin-notice" data-notice="${escapeHtml(model.notice)}">${escapeHtml(t.notices[model.notice] as string)}</p>`
      : '';
  const error = model.errorCode
    ? `<p class="error" data-testid="admin-error" data-code="${escapeHtml(model.errorCode)}">${escapeHtml(t.errorsByCode[model.errorCode] ?? t.errorsByCode.sign_in_failed ?? '')}</p>`
    : '';
  const retry =
    model.errorCode === 'admin_consent_unverified' && model.session
      ? `<form method="post" action="/admin/consent/verify"><input type="hidden" name="csrf" value="${escapeHtml(model.session.csrf)}"><button class="button" type="submit">${escapeHtml(t.checkAgain)}</button></form>`
      : '';
  const body = model.session
    ? overviewHtml(t, model.session.overview, model.session.csrf, model.session.defaultTemplate)
    : `<p>${escapeHtml(t.signInHint)}</p><p><a class="button" data-testid="admin-sign-in" href="/admin/sign-in">${escapeHtml(t.signIn)}</a></p>`;
  return `<!doctype html>
<html lang="${model.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style nonce="${escapeHtml(model.nonce)}">${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
${notice}${error}${retry}
${body}
</body>
</html>`;
}
