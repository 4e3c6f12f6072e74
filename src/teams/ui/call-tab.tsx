/**
 * The Call tab. On open it starts every read at once — the user, the speed dials, the contacts,
 * and the chat's or channel's members — and shows each section as soon as its answer arrives.
 * When Microsoft 365 access is missing or revoked, it says so and offers to authorize instead of
 * staying blank; once authorized, everything loads again.
 *
 * Host-facing work (tokens, popup, launching a call) goes through the TeamsHost prop; the backend
 * through the TeamsApi prop. Nothing here calls teams-js or fetch.
 */
import {
  Button,
  Caption1,
  Dropdown,
  Link,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
  Subtitle2,
  Tab,
  TabList,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { needsAuthorization, TeamsApiError, type TeamsApi } from '../api/teams-api';
import { consentStartUrl } from '../auth/consent-popup-urls';
import type { Person, SpeedDial } from '../../core/teams-api-types';
import type { CallOption } from '../calling/call-options';
import { planCall, type CallPlan, type CallPreference } from '../calling/call-plan';
import { readCallPreference, saveCallPreference } from '../calling/call-preference';
import type { TabContext, TeamsHost } from '../host/teams-host';
import { addSpeedDial, moveSpeedDial, removeSpeedDial, speedDialFor } from '../speed-dials/speed-dial-list';
import { AuthorizePanel } from './authorize-panel';
import { ContactsPanel } from './contacts-panel';
import { describeError } from './describe-error';
import { DirectoryPanel } from './directory-panel';
import { Empty, Failed, Loading } from './load-state';
import { PeopleList } from './people-list';
import { SpeedDialsPanel } from './speed-dials-panel';
import { useLoader, type Loaded } from './use-loader';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, maxWidth: '880px' },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  titles: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
  preference: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export interface CallTabProps {
  host: TeamsHost;
  api: TeamsApi;
  context: TabContext;
}

type Tabs = 'speedDials' | 'contacts' | 'directory';
type AuthReason = 'consent_required' | 'interaction_required';

interface Notice {
  intent: 'success' | 'warning' | 'error' | 'info';
  text: string;
  /** A call in progress: offers the phone app when the Webex App did not open. */
  fallback?: CallPlan;
}

interface ContactsState {
  people: Person[];
  next?: string;
}

const SCHEME_APP: Record<CallPlan['scheme'], string> = { webextel: 'call.scheme.webextel', sip: 'call.scheme.sip', tel: 'call.scheme.tel' };

export function CallTab({ host, api, context }: CallTabProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const [authReason, setAuthReason] = useState<AuthReason | undefined>(undefined);
  const [authWaiting, setAuthWaiting] = useState(false);
  const [authFailure, setAuthFailure] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<Tabs>('speedDials');
  const [preference, setPreference] = useState<CallPreference>(() => readCallPreference());
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);

  /** Sends failures that only authorizing can fix to the authorize panel; true when it did. */
  const claimAuthFailure = useCallback((e: unknown): boolean => {
    if (!needsAuthorization(e)) return false;
    setAuthReason((e as TeamsApiError).code as AuthReason);
    return true;
  }, []);

  const [me] = useLoader(() => api.me(), generation);
  const [speedDials, setSpeedDials] = useLoader(() => api.speedDials(), generation);
  const [contacts, setContacts] = useLoader<ContactsState>(async () => api.contacts(), generation);
  const conversationLoad = context.chatId
    ? () => api.chatMembers(context.chatId!).then((r) => r.people)
    : context.channel
      ? () => api.channelMembers(context.channel!.teamId, context.channel!.channelId).then((r) => r.people)
      : undefined;
  const [conversation] = useLoader(conversationLoad, generation);

  // A section that failed for want of authorization shows nothing of its own: the panel speaks for all.
  const loadAuthFailure = ([me, speedDials, contacts, conversation] as Array<Loaded<unknown>>).find(
    (l) => l.state === 'failed' && needsAuthorization(l.error),
  );
  const needAuth: AuthReason | undefined =
    authReason ?? (loadAuthFailure?.state === 'failed' ? ((loadAuthFailure.error as TeamsApiError).code as AuthReason) : undefined);
  const hiddenByAuth = (loaded: Loaded<unknown>) => loaded.state === 'failed' && needsAuthorization(loaded.error);

  const authorize = async () => {
    setAuthWaiting(true);
    setAuthFailure(undefined);
    try {
      // The popup starts on the tab's origin, where it keeps the state its last page checks.
      await host.authenticate(consentStartUrl(window.location.href, { tenant: context.tenantId, loginHint: context.loginHint }));
      setAuthReason(undefined);
      setGeneration((g) => g + 1);
    } catch (e) {
      setAuthFailure(describeError(t, e));
    } finally {
      setAuthWaiting(false);
    }
  };

  const call = (name: string, option: CallOption) => {
    host.openExternal(option.plan.uri);
    const fallback = option.plan.scheme !== 'tel' && option.kind !== 'address' ? planCall({ number: option.value }, 'phone') : undefined;
    setNotice({
      intent: 'info',
      text: t('call.calling', { name, dialed: option.plan.dialed, app: t(SCHEME_APP[option.plan.scheme]) }),
      fallback,
    });
  };

  const currentDials = speedDials.state === 'ready' ? speedDials.value.speedDials : undefined;
  const maxDials = speedDials.state === 'ready' ? speedDials.value.max : 0;

  const saveDials = async (next: SpeedDial[], success?: string) => {
    if (speedDials.state !== 'ready') return;
    const previous = speedDials.value;
    setSpeedDials({ ...previous, speedDials: next });
    setSaving(true);
    try {
      setSpeedDials(await api.saveSpeedDials(next));
      setNotice(success ? { intent: 'success', text: success } : undefined);
    } catch (e) {
      setSpeedDials(previous);
      if (!claimAuthFailure(e)) setNotice({ intent: 'error', text: t('speedDials.saveFailed', { reason: describeError(t, e) }) });
    } finally {
      setSaving(false);
    }
  };

  const star = (person: Person) => {
    if (!currentDials) return;
    const result = addSpeedDial(currentDials, speedDialFor(person), maxDials);
    if ('list' in result) void saveDials(result.list, t('speedDials.added', { name: person.displayName }));
    else if (result.problem === 'full') setNotice({ intent: 'warning', text: t('speedDials.full', { max: maxDials }) });
    else if (result.problem === 'duplicate') setNotice({ intent: 'info', text: t('speedDials.duplicate', { name: person.displayName }) });
    else setNotice({ intent: 'warning', text: t('speedDials.nothingToCall', { name: person.displayName }) });
  };

  const moreContacts = async () => {
    if (contacts.state !== 'ready' || !contacts.value.next) return;
    setLoadingMore(true);
    try {
      const page = await api.contacts(contacts.value.next);
      setContacts({ people: [...contacts.value.people, ...page.people], next: page.next });
    } catch (e) {
      if (!claimAuthFailure(e)) setNotice({ intent: 'error', text: describeError(t, e) });
    } finally {
      setLoadingMore(false);
    }
  };

  const choosePreference = (value: CallPreference) => {
    setPreference(value);
    saveCallPreference(value);
  };

  const listProps = { preference, speedDials: currentDials, onCall: call, onStar: star };
  const search = useMemo(() => (q: string) => api.searchDirectory(q), [api]);
  const conversationTitle = context.chatId
    ? t('chat.title')
    : t('channel.title', { channel: context.channel?.displayName ?? t('channel.thisChannel') });

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <div className={styles.titles}>
          <Title3 as="h1">{t('app.title')}</Title3>
          {me.state === 'ready' ? (
            <Caption1 className={styles.muted}>{t('app.signedInAs', { name: me.value.displayName })}</Caption1>
          ) : null}
        </div>
        <div className={styles.preference}>
          <Caption1 id="call-preference-label">{t('call.preference')}</Caption1>
          <Dropdown
            aria-labelledby="call-preference-label"
            value={t(`call.preference.${preference}`)}
            selectedOptions={[preference]}
            onOptionSelect={(_, d) => choosePreference(d.optionValue === 'phone' ? 'phone' : 'webex')}
          >
            <Option value="webex">{t('call.preference.webex')}</Option>
            <Option value="phone">{t('call.preference.phone')}</Option>
          </Dropdown>
        </div>
      </header>

      {needAuth ? (
        <AuthorizePanel reason={needAuth} waiting={authWaiting} failure={authFailure} onAuthorize={() => void authorize()} />
      ) : null}

      {notice ? (
        <MessageBar intent={notice.intent} role="status">
          <MessageBarBody>
            {notice.text}{' '}
            {notice.fallback ? (
              <Link onClick={() => host.openExternal(notice.fallback!.uri)} data-call-uri={notice.fallback.uri}>
                {t('call.didNotOpen')}
              </Link>
            ) : null}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" aria-label={t('dismiss')} icon={<Dismiss20Regular />} onClick={() => setNotice(undefined)} />
            }
          />
        </MessageBar>
      ) : null}

      {conversationLoad && !hiddenByAuth(conversation) ? (
        <section className={styles.section} aria-label={conversationTitle}>
          <Subtitle2 as="h2">{conversationTitle}</Subtitle2>
          {conversation.state === 'loading' ? <Loading /> : null}
          {conversation.state === 'failed' ? <Failed error={conversation.error} onRetry={() => setGeneration((g) => g + 1)} /> : null}
          {conversation.state === 'ready' && conversation.value.length === 0 ? <Empty text={t('chat.nobody')} /> : null}
          {conversation.state === 'ready' && conversation.value.length > 0 ? (
            <PeopleList label={conversationTitle} people={conversation.value} {...listProps} />
          ) : null}
        </section>
      ) : null}

      {needAuth ? null : (
        <>
          <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as Tabs)}>
            <Tab value="speedDials">{t('nav.speedDials')}</Tab>
            <Tab value="contacts">{t('nav.contacts')}</Tab>
            <Tab value="directory">{t('nav.directory')}</Tab>
          </TabList>

          <section className={styles.section} role="tabpanel" aria-label={t(`nav.${tab}`)}>
            {tab === 'speedDials' ? (
              <>
                {speedDials.state === 'loading' ? <Loading /> : null}
                {speedDials.state === 'failed' ? <Failed error={speedDials.error} onRetry={() => setGeneration((g) => g + 1)} /> : null}
                {speedDials.state === 'ready' ? (
                  <SpeedDialsPanel
                    speedDials={speedDials.value.speedDials}
                    preference={preference}
                    busy={saving}
                    onCall={call}
                    onMove={(i, delta) => void saveDials(moveSpeedDial(speedDials.value.speedDials, i, delta))}
                    onRemove={(i) =>
                      void saveDials(
                        removeSpeedDial(speedDials.value.speedDials, i),
                        t('speedDials.removed', { name: speedDials.value.speedDials[i]?.displayName ?? '' }),
                      )
                    }
                  />
                ) : null}
              </>
            ) : null}
            {tab === 'contacts' ? (
              <>
                {contacts.state === 'loading' ? <Loading /> : null}
                {contacts.state === 'failed' ? <Failed error={contacts.error} onRetry={() => setGeneration((g) => g + 1)} /> : null}
                {contacts.state === 'ready' ? (
                  <ContactsPanel
                    contacts={contacts.value.people}
                    hasMore={!!contacts.value.next}
                    loadingMore={loadingMore}
                    onMore={() => void moreContacts()}
                    {...listProps}
                  />
                ) : null}
              </>
            ) : null}
            {tab === 'directory' ? <DirectoryPanel search={search} onError={claimAuthFailure} {...listProps} /> : null}
          </section>
        </>
      )}
    </main>
  );
}
