/**
 * The task pane. One view at a time: signing in, sign in, connect Webex, authorize the calendar,
 * add a meeting, the meeting (with what is out of step with the appointment, if anything, and the
 * ways forward), settings, an error with its way forward, or progress while work is under way.
 * After sign-in it follows GET /api/me's requiredActions in order (next-required-action.ts).
 * In a calendar someone delegated to the user it says for whom the meeting is made and what the
 * owner must do; the user links no Webex of their own there (the owner's, or the organization's, is used).
 * All work goes through `services` (see pane-services.ts); this file only decides what to show.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/pane-i18n';
import type { MeetingOptions } from '../../core/meeting-draft';
import type { MeetingChoices, MeetingDetails, MeetingSyncState, MeResponse, RequiredAction, UserSettings } from '../api/api-types';
import type { AlternateHostChoice, AlternateHosts } from '../flows/alternate-hosts';
import { authorizationModes, nextRequiredAction } from '../flows/next-required-action';
import { describeError, type DescribedError } from '../i18n/error-message-key';
import { ProgressStatus } from './components/progress-status';
import { PromptView } from './components/prompt-view';
// Loaded when first needed (lazy-views.tsx): the first paint needs only progress and sign-in.
import { ViewLoadBoundary } from './components/view-load-boundary';
import {
  AddMeetingView,
  AuthorizeCalendarView,
  ErrorNotice,
  MeetingDetailsView,
  OnBehalfOfNotice,
  preloadViews,
  retryViews,
  SettingsButton,
  SettingsView,
  SuccessNotice,
  SyncProblemNotice,
  viewsLoaded,
} from './lazy-views';
import { errorActionFor, type ErrorAction } from '../i18n/error-action';
import type { SyncWayForward } from '../i18n/sync-problem';
import type { PaneDelegation, PaneServices } from './pane-services';

export type ProgressTask = 'signingIn' | 'loading' | 'adding' | 'removing' | 'updating' | 'saving' | 'connecting' | 'authorizing';

type View =
  | { kind: 'progress'; task: ProgressTask }
  | { kind: 'signIn' }
  | { kind: 'connect' }
  | { kind: 'authorize'; url: string }
  | { kind: 'noMeeting'; hosts?: AlternateHostChoice[]; choices?: MeetingChoices }
  | { kind: 'meeting'; meeting: MeetingDetails; sync?: MeetingSyncState; hosts?: AlternateHosts }
  | { kind: 'settings' }
  | { kind: 'error'; error: DescribedError; actions: ErrorAction[]; retry: () => void };

type Notice =
  | 'meeting.copied'
  | 'meeting.optionsSaved'
  | 'meeting.followed'
  | 'settings.saved'
  | 'calendar.authorized'
  | 'webex.connected'
  | 'webex.connectedAs'
  | 'sync.inStep';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    minHeight: '100vh',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
});

/** Time and recurrence edits come in bursts (each keystroke in a time field): follow the last one. */
export const FOLLOW_DELAY_MS = 1500;

export interface AppProps {
  services: PaneServices;
}

export function App({ services }: AppProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  // Signed out for sure (nothing kept, nothing to find silently): the sign-in shows at once, with no attempt first.
  const [signedOutAtStart] = useState(() => services.signInNeeded());
  const [view, setView] = useState<View>(signedOutAtStart ? { kind: 'signIn' } : { kind: 'progress', task: 'signingIn' });
  const [me, setMe] = useState<MeResponse | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  /** The linked Webex account's email, as Webex gave it when it was last asked: shown so that a wrong account is noticed. */
  const [webexEmail, setWebexEmail] = useState<string | undefined>();
  /** Whose calendar the appointment is in, when it is not the user's own. */
  const [delegation, setDelegation] = useState<PaneDelegation | undefined>();
  const stable = useRef<View>({ kind: 'noMeeting' });
  /** Actions the user put off in this pane ("Not now"): not asked again until they ask from the settings. */
  const postponed = useRef(new Set<RequiredAction>());
  /** Set by work that may offer "Not now" when it fails (authorizing the calendar: meetings can be added without it). */
  const laterOffered = useRef(false);
  /** The sites and templates Webex last offered: the settings offer the same as defaults. */
  const lastChoices = useRef<MeetingChoices | undefined>(undefined);

  /** Counts the pane's view changes, so that a view waiting for its chunk does not replace a later one. */
  const shown = useRef(0);
  const show = useCallback((next: View) => {
    if (next.kind === 'noMeeting' || next.kind === 'meeting' || next.kind === 'connect' || next.kind === 'authorize') stable.current = next;
    const change = ++shown.current;
    if (next.kind === 'progress' || next.kind === 'signIn' || next.kind === 'connect' || viewsLoaded()) return setView(next);
    // A view of lazy-views.tsx: the pane switches to it once its chunk is there (progress stays meanwhile).
    const switchTo = () => {
      if (shown.current === change) setView(next);
    };
    preloadViews().then(switchTo, switchTo);
  }, []);

  /** Runs one piece of work with its progress shown; a failure becomes an error view whose "try again" runs it again. */
  const run = useCallback(
    (task: ProgressTask, work: () => Promise<View>) => {
      const attempt = (): void => {
        setNotice(undefined);
        show({ kind: 'progress', task });
        laterOffered.current = false;
        work().then(show, (thrown: unknown) => {
          const error = describeError(thrown);
          if (error.code === 'sign_in_required') return show({ kind: 'signIn' });
          const primary = errorActionFor(error.code);
          const actions: ErrorAction[] = primary === 'removeDetails' ? ['removeDetails', 'retry'] : [primary];
          if (laterOffered.current) actions.push('later');
          show({ kind: 'error', error, actions, retry: attempt });
        });
      };
      attempt();
    },
    [show],
  );

  /**
   * The meeting with its sync state and alternate hosts. Neither of those may keep the meeting from
   * showing: when they cannot be read they are left out (the pane cannot tell, rather than fails).
   */
  const withMeeting = useCallback(
    async (meeting: MeetingDetails): Promise<View> => {
      // Personal room meetings have no alternate hosts: nobody to ask Webex about.
      const hosts =
        meeting.options.type === 'scheduled' ? services.alternateHosts(meeting.id).catch(() => undefined) : Promise.resolve(undefined);
      const [sync, alternateHosts] = await Promise.all([services.syncState(meeting.id).catch(() => undefined), hosts]);
      return { kind: 'meeting', meeting, sync, hosts: alternateHosts };
    },
    [services],
  );

  const meetingView = useCallback(async (): Promise<View> => {
    const id = await services.findMeeting();
    if (id) return withMeeting(await services.getMeeting(id));
    // Not known: no site or template is offered, and the meeting goes to the preferred site.
    const [hosts, choices] = await Promise.all([
      services.alternateHosts().catch(() => undefined),
      services.meetingChoices().catch(() => undefined),
    ]);
    if (choices) lastChoices.current = choices;
    return { kind: 'noMeeting', hosts: hosts?.choices, ...(choices ? { choices } : {}) };
  }, [services, withMeeting]);

  /**
   * Where the pane goes once it knows the user: the first required action not put off, else the
   * meeting. In someone else's calendar the user's own Webex account is not used (not asked for),
   * and the backend is asked, after the user's own authorization (which includes the consent its
   * check needs), whether the user may add meetings there and what the owner must still do.
   */
  const proceed = useCallback(
    async (loaded: MeResponse): Promise<View> => {
      // Signed in: the views that follow load beside the backend calls they wait for anyway.
      preloadViews().catch(() => undefined);
      setMe(loaded);
      const owner = await services.calendarOwner();
      const skipped = owner ? new Set<RequiredAction>([...postponed.current, 'link_webex']) : postponed.current;
      const next = nextRequiredAction(loaded, skipped);
      if (next === 'link_webex') return { kind: 'connect' };
      if (next === 'authorize_calendar') {
        laterOffered.current = true;
        const started = await services.startCalendarAuthorization();
        laterOffered.current = false;
        if (started.status === 'consent_required') return { kind: 'authorize', url: started.url };
        // Followed at once (on-behalf-of): nothing to tell the user.
        setMe({
          ...loaded,
          calendarAccess: 'user',
          requiredActions: (loaded.requiredActions ?? []).filter((a) => a !== 'authorize_calendar'),
        });
      }
      if (owner) {
        setDelegation(await services.loadDelegation());
      }
      return meetingView();
    },
    [services, meetingView],
  );

  const start = useCallback(() => {
    run('signingIn', async () => proceed(await services.loadMe()));
  }, [run, services, proceed]);

  useEffect(() => {
    if (!signedOutAtStart) start();
  }, [start, signedOutAtStart]);

  // The meeting follows the appointment's time while the pane is open.
  const viewRef = useRef(view);
  viewRef.current = view;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = services.onAppointmentChanged(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (viewRef.current.kind !== 'meeting') return;
        run('updating', async () => {
          const meeting = await services.updateFromItem();
          if (!meeting) return meetingView();
          setNotice('meeting.followed');
          return withMeeting(meeting);
        });
      }, FOLLOW_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [services, run, meetingView, withMeeting]);

  // The alternate hosts offered follow the appointment's attendees while the pane is open.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = services.onAttendeesChanged(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const current = viewRef.current;
        if (current.kind !== 'noMeeting' && current.kind !== 'meeting') return;
        services.alternateHosts(current.kind === 'meeting' ? current.meeting.id : undefined).then(
          (hosts) => {
            if (viewRef.current !== current) return;
            show(current.kind === 'meeting' ? { ...current, hosts } : { ...current, hosts: hosts.choices });
          },
          // Not known now: the choices shown stay until the next change.
          () => undefined,
        );
      }, FOLLOW_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [services, show]);

  const signIn = () =>
    run('signingIn', async () => {
      await services.signIn();
      return proceed(await services.loadMe());
    });

  const connect = () =>
    run('connecting', async () => {
      const account = await services.connectWebex();
      setWebexEmail(account.email);
      const loaded = await services.loadMe();
      setNotice(account.email ? 'webex.connectedAs' : 'webex.connected');
      return proceed(loaded);
    });

  /** Opens the consent page on the user's click; "try again" asks the backend for a new page (each is good once). */
  const authorize = (url: string) => {
    let opened = false;
    run('authorizing', async () => {
      if (!opened) {
        opened = true;
        laterOffered.current = true;
        await services.authorizeCalendar(url);
        laterOffered.current = false;
        const loaded = await services.loadMe();
        setNotice('calendar.authorized');
        return proceed(loaded);
      }
      return proceed(await services.loadMe());
    });
  };

  /** The user will authorize the calendar later (from the settings): meetings can be added meanwhile. */
  const later = () => {
    postponed.current.add('authorize_calendar');
    run('loading', meetingView);
  };

  /** From the settings: ask again for an action put off. */
  const authorizeFromSettings = () => {
    postponed.current.delete('authorize_calendar');
    run('authorizing', async () => proceed(await services.loadMe()));
  };

  const withdrawCalendar = () =>
    run('saving', async () => {
      await services.withdrawCalendarAuthorization();
      // Not asked again at once: the user just said no.
      postponed.current.add('authorize_calendar');
      setMe((current) =>
        current
          ? {
              ...current,
              calendarAccess: 'required',
              requiredActions: [...(current.requiredActions ?? []).filter((a) => a !== 'authorize_calendar'), 'authorize_calendar'],
            }
          : current,
      );
      return stable.current.kind === 'authorize' ? meetingView() : stable.current;
    });

  const add = (options: Partial<MeetingOptions>, alternateHosts: string[]) =>
    run('adding', async () => {
      const result = await services.addMeeting(options, alternateHosts);
      return withMeeting(result.status === 'added' ? result.meeting : await services.getMeeting(result.meetingId));
    });

  const remove = () =>
    run('removing', async () => {
      await services.removeMeeting();
      return { kind: 'noMeeting' };
    });

  const changeOptions = (
    shown: Extract<View, { kind: 'meeting' }>,
    options: Partial<MeetingOptions> | undefined,
    alternateHosts: string[] | undefined,
  ) =>
    run('saving', async () => {
      const meeting = options ? await services.changeOptions(shown.meeting.id, options) : shown.meeting;
      const hosts = alternateHosts ? await services.saveAlternateHosts(shown.meeting.id, alternateHosts) : shown.hosts;
      setNotice('meeting.optionsSaved');
      return { ...shown, meeting, hosts };
    });

  /** A way forward from a sync problem: try again (after connecting Webex again), authorize the calendar, or remove the meeting. */
  const syncAction = (shown: Extract<View, { kind: 'meeting' }>, way: SyncWayForward) => {
    if (way === 'remove') return remove();
    run(way === 'reconnect' ? 'connecting' : way === 'authorize' ? 'authorizing' : 'updating', async (): Promise<View> => {
      if (way === 'reconnect') setWebexEmail((await services.connectWebex()).email);
      if (way === 'authorize') {
        // The backend lost the calendar though it had it: ask for it again, whatever /api/me said.
        postponed.current.delete('authorize_calendar');
        const started = await services.startCalendarAuthorization();
        if (started.status === 'consent_required') return { kind: 'authorize', url: started.url };
      }
      const sync = await services.retrySync(shown.meeting.id);
      const [meeting, hosts] = await Promise.all([
        services.getMeeting(shown.meeting.id),
        services.alternateHosts(shown.meeting.id).catch(() => shown.hosts),
      ]);
      if (sync.status !== 'outOfStep') setNotice('sync.inStep');
      return { kind: 'meeting', meeting, sync, hosts };
    });
  };

  const copyLink = (link: string) => {
    services.copyText(link).then(
      () => setNotice('meeting.copied'),
      (thrown: unknown) => show({ kind: 'error', error: describeError(thrown), actions: ['retry'], retry: () => copyLink(link) }),
    );
  };

  const saveSettings = (settings: UserSettings) =>
    run('saving', async () => {
      const saved = await services.saveSettings(settings);
      setMe((current) => (current ? { ...current, settings: saved } : current));
      setNotice('settings.saved');
      return stable.current;
    });

  const disconnect = () =>
    run('saving', async () => {
      await services.disconnectWebex();
      setWebexEmail(undefined);
      setMe((current) =>
        current
          ? {
              ...current,
              webexLinked: false,
              requiredActions: ['link_webex', ...(current.requiredActions ?? []).filter((a) => a !== 'link_webex')],
            }
          : current,
      );
      return { kind: 'connect' };
    });

  /** Microsoft's consent again (a delegate's check needs the sharing permission): the consent page, or straight on. */
  const authorizeAgain = () =>
    run('authorizing', async () => {
      const started = await services.startCalendarAuthorization();
      return started.status === 'consent_required' ? { kind: 'authorize', url: started.url } : meetingView();
    });

  const onErrorAction = (action: ErrorAction, retry: () => void) => {
    if (action === 'retry') retry();
    else if (action === 'authorize') authorizeAgain();
    else if (action === 'reconnect') connect();
    else if (action === 'signIn') signIn();
    else if (action === 'later') later();
    else remove();
  };

  // The settings name the linked Webex account, read from Webex each time they are shown.
  const showsWebexAccount = view.kind === 'settings' && me?.webexLinked === true && authorizationModes(me).webexScheduling === 'personal';
  useEffect(() => {
    if (!showsWebexAccount) return;
    let current = true;
    services.webexAccount().then(
      (account) => current && setWebexEmail(account.email),
      // Webex not answering: the settings still work; the line is left out rather than stale.
      () => current && setWebexEmail(undefined),
    );
    return () => {
      current = false;
    };
  }, [services, showsWebexAccount]);

  const canOpenSettings =
    me !== undefined && (view.kind === 'noMeeting' || view.kind === 'meeting' || view.kind === 'connect' || view.kind === 'authorize');

  return (
    <main className={styles.root} data-testid="addin-pane" data-view={view.kind}>
      <ViewLoadBoundary title={t('error.title')} body={t('errors.network_error')} retry={t('error.retry')} onRetry={retryViews}>
        <Suspense fallback={<ProgressStatus task="loading" label={t('progress.loading')} />}>
          {/* Loaded with the views (lazy-views.tsx); until then the view shows without them. */}
          <Suspense fallback={null}>
            {canOpenSettings && <SettingsButton label={t('app.settings')} onOpen={() => show({ kind: 'settings' })} />}
            {notice && view.kind !== 'progress' && <SuccessNotice notice={notice} text={t(notice, { email: webexEmail ?? '' })} />}
          </Suspense>
          {delegation && (view.kind === 'noMeeting' || view.kind === 'meeting') && <OnBehalfOfNotice delegation={delegation} />}
          {view.kind === 'progress' && <ProgressStatus task={view.task} label={t(`progress.${view.task}`)} />}
          {view.kind === 'signIn' && (
            <PromptView
              title={t('signIn.title')}
              body={t('signIn.body')}
              action={t('signIn.action')}
              onAction={signIn}
              testId="addin-sign-in-view"
              actionTestId="addin-sign-in"
            />
          )}
          {view.kind === 'connect' && (
            <PromptView
              title={t('connect.title')}
              body={t('connect.body')}
              action={t('connect.action')}
              onAction={connect}
              testId="addin-not-linked"
              actionTestId="addin-connect-webex"
            />
          )}
          {view.kind === 'authorize' && <AuthorizeCalendarView onAuthorize={() => authorize(view.url)} onLater={later} />}
          {view.kind === 'noMeeting' && me && (
            <AddMeetingView
              // The form is preset once the sites and templates are known.
              key={view.choices ? 'choices' : 'none'}
              settings={me.settings}
              organizationTemplateId={me.organizationDefaults?.templateId ?? ''}
              hosts={view.hosts}
              {...(view.choices ? { choices: view.choices } : {})}
              loadTemplate={(id) => services.templateOptions(id).catch(() => undefined)}
              onAdd={add}
            />
          )}
          {view.kind === 'meeting' && view.sync?.status === 'outOfStep' && (
            <SyncProblemNotice state={view.sync} onAction={(way) => syncAction(view, way)} />
          )}
          {view.kind === 'meeting' && (
            <MeetingDetailsView
              // A new state of the meeting starts the form afresh (alternate hosts as Webex has them now).
              key={`${view.meeting.id}:${view.hosts?.selected.join(',') ?? ''}`}
              meeting={view.meeting}
              hosts={view.hosts}
              inStep={view.sync?.status !== 'outOfStep'}
              onCopyLink={copyLink}
              onChangeOptions={(options, alternateHosts) => changeOptions(view, options, alternateHosts)}
              onRemove={remove}
            />
          )}
          {view.kind === 'settings' && me && (
            <SettingsView
              settings={me.settings}
              {...(lastChoices.current ? { choices: lastChoices.current } : {})}
              webexLinked={me.webexLinked}
              webexAccount={webexEmail}
              modes={authorizationModes(me)}
              onSave={saveSettings}
              onBack={() => show(stable.current)}
              onDisconnect={disconnect}
              onAuthorizeCalendar={authorizeFromSettings}
              onWithdrawCalendar={withdrawCalendar}
            />
          )}
          {view.kind === 'error' && (
            <ErrorNotice error={view.error} actions={view.actions} onAction={(action) => onErrorAction(action, view.retry)} />
          )}
        </Suspense>
      </ViewLoadBoundary>
    </main>
  );
}
