/**
 * Everything the Webex emulator holds, apart from its routes: the clock, the orgs and people, the
 * OAuth state, the meetings, and the create counters behind Webex's scheduling limits. `reset()`
 * returns it to the seed it was built with.
 */
import type { DirectoryTenant } from '../shared/directory';
import { EmulatorClock } from '../shared/emulator-clock';
import { sitesOf, WebexDirectory, WebexPerson, WebexPersonSeed } from './webex-directory';
import { TokenStore, WebexIntegrationSeed } from './token-store';
import { defaultAudioOptions, joinBeforeHostRule, MeetingHost, MeetingStore, SeriesRecord, siteOf } from './meeting-store';
import type { MeetingSettings } from './meeting-input';
import { DAY_MS } from './meeting-time';
import { WebexError } from './webex-error';

/**
 * "Regular users can schedule up to 100 meetings in 24 hours and admin users up to 3000 overall or
 * 800 for a single user. Please note that the failed requests are also counted toward the limits."
 * (Create a Meeting).
 */
export interface CreateLimits {
  perUserPerDay: number;
  adminPerDay: number;
  adminPerHostPerDay: number;
}

export const WEBEX_CREATE_LIMITS: CreateLimits = { perUserPerDay: 100, adminPerDay: 3000, adminPerHostPerDay: 800 };

export interface WebexServiceTokenSeed {
  token: string;
  /** Webex org id or the tenant id the org was seeded from. */
  orgId: string;
}

export interface WebexStateOptions {
  /** One Webex org per tenant; one person per user with a mail. */
  directories?: DirectoryTenant[];
  /** Extra people (added after the directories). */
  people?: WebexPersonSeed[];
  integrations?: WebexIntegrationSeed[];
  /** Service tokens with fixed values (e.g. the launcher's WEBEX_SERVICE_TOKEN). */
  serviceTokens?: WebexServiceTokenSeed[];
  /** Time zone of seeded people, the default zone of their meetings (default UTC). */
  defaultTimezone?: string;
  limits?: Partial<CreateLimits>;
}

export interface MeetingSnapshot {
  id: string;
  hostEmail: string;
  title: string;
  timezone: string;
  /** UTC instants (ISO 8601) of the first occurrence. */
  start: string;
  end: string;
  recurrence?: string;
  meetingNumber: string;
  webLink: string;
  scheduledType: string;
  createdBy: string;
  /** integrationTags per client id. */
  integrationTags: Record<string, string[]>;
  createdAt: string;
  modifiedAt: string;
  deleted: boolean;
  deletedAt?: string;
  exceptions: { id: string; start: string; end: string; title?: string }[];
  cancelledOccurrences: string[];
  /** Invited to the series: email, display name, whether an alternate host. */
  invitees: InviteeSnapshot[];
  /** Invited to one scheduled meeting only, by its id (`<seriesId>_<stamp>`). */
  occurrenceInvitees: Record<string, InviteeSnapshot[]>;
  calls: SeriesRecord['calls'];
  /** The site it is on. */
  siteUrl: string;
  /** The series' options as GET returns them (join before host, lobby, audio). */
  options: Pick<
    MeetingSettings,
    | 'enabledJoinBeforeHost'
    | 'joinBeforeHostMinutes'
    | 'enableConnectAudioBeforeHost'
    | 'unlockedMeetingJoinSecurity'
    | 'enabledAutoRecordMeeting'
    | 'audioConnectionOptions'
  >;
}

export interface InviteeSnapshot {
  id: string;
  email: string;
  displayName: string;
  coHost: boolean;
}

const inviteeSnapshot = (i: { id: string; email: string; displayName: string; coHost: boolean }): InviteeSnapshot => ({
  id: i.id,
  email: i.email,
  displayName: i.displayName,
  coHost: i.coHost,
});

function optionsOf(settings: MeetingSettings): MeetingSnapshot['options'] {
  const s = joinBeforeHostRule(settings);
  return {
    enabledJoinBeforeHost: s.enabledJoinBeforeHost,
    joinBeforeHostMinutes: s.joinBeforeHostMinutes,
    enableConnectAudioBeforeHost: s.enableConnectAudioBeforeHost,
    unlockedMeetingJoinSecurity: s.unlockedMeetingJoinSecurity,
    enabledAutoRecordMeeting: s.enabledAutoRecordMeeting,
    audioConnectionOptions: { ...(s.audioConnectionOptions ?? defaultAudioOptions()) },
  };
}

export function hostOf(person: WebexPerson): MeetingHost {
  return {
    id: person.id,
    email: person.email,
    displayName: person.displayName,
    orgId: person.orgId,
    siteUrl: person.siteUrl,
    sites: sitesOf(person),
    timezone: person.timezone,
    personalRoom: person.personalRoom,
  };
}

export class WebexState {
  readonly clock = new EmulatorClock();
  readonly directory: WebexDirectory;
  readonly tokens: TokenStore;
  readonly meetings = new MeetingStore();
  readonly limits: CreateLimits;
  private createAttempts: { at: number; actor: string; host: string; admin: boolean }[] = [];

  constructor(private readonly options: WebexStateOptions = {}) {
    this.directory = new WebexDirectory(options.defaultTimezone ?? 'UTC');
    this.tokens = new TokenStore(this.clock);
    this.limits = { ...WEBEX_CREATE_LIMITS, ...(options.limits ?? {}) };
    this.seed();
  }

  private seed(): void {
    for (const tenant of this.options.directories ?? []) this.directory.addTenant(tenant);
    for (const person of this.options.people ?? []) this.directory.addPerson(person);
    for (const integration of this.options.integrations ?? []) this.tokens.addIntegration(integration);
    for (const seed of this.options.serviceTokens ?? []) {
      const org = this.directory.findOrg(seed.orgId);
      if (!org) throw new Error(`service token seed: no org ${seed.orgId}`);
      this.tokens.issueServiceToken(org, { token: seed.token });
    }
  }

  /**
   * After a saved world is restored: this start's integrations and service tokens registered again
   * over it (redirect URIs follow the ports the stack runs on now; a service token set since is added).
   */
  reseedRegistrations(): void {
    for (const integration of this.options.integrations ?? []) this.tokens.addIntegration(integration);
    for (const seed of this.options.serviceTokens ?? []) {
      const org = this.directory.findOrg(seed.orgId);
      if (org && this.tokens.lookup(seed.token).status === 'unknown') this.tokens.issueServiceToken(org, { token: seed.token });
    }
  }

  /** Back to the seed: no meetings, tokens or codes beyond the seeded ones, real time. */
  reset(): void {
    this.clock.reset();
    this.directory.clear();
    this.tokens.clear();
    this.meetings.clear();
    this.createAttempts = [];
    this.seed();
  }

  /**
   * Counts a create attempt against Webex's limits (before validation: failed requests count too);
   * throws 429 with Retry-After when over.
   */
  countCreate(actor: string, hostEmail: string, admin: boolean): void {
    const now = this.clock.now();
    this.createAttempts = this.createAttempts.filter((a) => a.at > now - DAY_MS);
    const mine = this.createAttempts.filter((a) => a.actor === actor);
    let over: typeof mine = [];
    if (!admin && mine.length >= this.limits.perUserPerDay) over = mine;
    if (admin && mine.length >= this.limits.adminPerDay) over = mine;
    const forHost = mine.filter((a) => a.host === hostEmail);
    if (admin && forHost.length >= this.limits.adminPerHostPerDay) over = forHost;
    if (over.length > 0) {
      const retryAfter = Math.max(1, Math.ceil(((over[0]?.at ?? now) + DAY_MS - now) / 1000));
      throw new WebexError(
        429,
        'meeting.create.rateLimited',
        'The number of meetings scheduled in 24 hours is over the limit.',
        retryAfter,
      );
    }
    this.createAttempts.push({ at: now, actor, host: hostEmail, admin });
  }

  snapshot(filter: { hostEmail?: string; includeDeleted?: boolean } = {}): MeetingSnapshot[] {
    const iso = (ms: number) => new Date(ms).toISOString();
    return [...this.meetings.series.values()]
      .filter((s) => (filter.includeDeleted ?? true) || s.deletedAt === undefined)
      .filter((s) => !filter.hostEmail || s.host.email === filter.hostEmail.toLowerCase())
      .map((s) => ({
        id: s.id,
        hostEmail: s.host.email,
        title: s.settings.title,
        timezone: s.timezone,
        start: iso(s.startMs),
        end: iso(s.startMs + s.durationMs),
        recurrence: s.recurrence?.text,
        meetingNumber: s.meetingNumber,
        webLink: s.webLink,
        scheduledType: s.scheduledType,
        createdBy: s.createdBy,
        integrationTags: Object.fromEntries(s.tags),
        createdAt: iso(s.createdAt),
        modifiedAt: iso(s.modifiedAt),
        deleted: s.deletedAt !== undefined,
        deletedAt: s.deletedAt !== undefined ? iso(s.deletedAt) : undefined,
        exceptions: [...s.exceptions].map(([stamp, o]) => ({
          id: `${s.id}_${stamp}`,
          start: iso(o.startMs),
          end: iso(o.endMs),
          ...(o.title !== undefined ? { title: o.title } : {}),
        })),
        cancelledOccurrences: [...s.cancelled].map((stamp) => `${s.id}_${stamp}`),
        invitees: s.invitees.map(inviteeSnapshot),
        occurrenceInvitees: Object.fromEntries(
          [...s.occurrenceInvitees].map(([stamp, list]) => [`${s.id}_${stamp}`, list.map(inviteeSnapshot)]),
        ),
        calls: s.calls,
        siteUrl: siteOf(s),
        options: optionsOf(s.settings),
      }));
  }
}
