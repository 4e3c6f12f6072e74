/**
 * The user's Webex settings: default meeting type and options (with the minutes before the host,
 * audio and lobby; the site and template among those Webex last offered), "add to every new meeting", and
 * (with their own Webex account) "let my Outlook delegates add Webex meetings for me"; and
 * which authorization mode is in force — who lets the backend follow the calendar (the
 * organization or the user) and whose Webex account schedules the meetings.
 */
import { Body1, Button, Field, makeStyles, Radio, RadioGroup, Select, Switch, tokens, typographyStyles } from '@fluentui/react-components';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/pane-i18n';
import type { MeetingType } from '../../../core/meeting-draft';
import type { MeetingChoices, UserSettings } from '../../api/api-types';
import type { AuthorizationModes } from '../../flows/next-required-action';
import { ViewHeading } from './view-heading';
import { JoinBeforeHostMinutesField, WebexChoiceField } from './choice-options';
import { templatesOf } from './webex-choices';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalM,
  },
  modes: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalL,
  },
  modesHeading: {
    ...typographyStyles.body1Strong,
    margin: 0,
  },
});

const CALENDAR_SENTENCE = {
  organization: 'settings.calendarOrganization',
  user: 'settings.calendarUser',
  required: 'settings.calendarRequired',
} as const;
const WEBEX_SENTENCE = { organization: 'settings.webexOrganization', personal: 'settings.webexPersonal' } as const;

export interface SettingsViewProps {
  settings: UserSettings;
  /** The sites and templates Webex last offered; the default site and template are chosen among them. */
  choices?: MeetingChoices;
  webexLinked: boolean;
  /** The linked Webex account's email, when Webex told it. */
  webexAccount?: string;
  modes: AuthorizationModes;
  onSave(settings: UserSettings): void;
  onBack(): void;
  onDisconnect(): void;
  onAuthorizeCalendar(): void;
  onWithdrawCalendar(): void;
}

export function SettingsView({
  settings,
  choices,
  webexLinked,
  webexAccount,
  modes,
  onSave,
  onBack,
  onDisconnect,
  onAuthorizeCalendar,
  onWithdrawCalendar,
}: SettingsViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const typeLabel = useId();
  const modesHeading = useId();
  const [value, setValue] = useState<UserSettings>(settings);
  const toggle = (
    key: 'password' | 'joinBeforeHost' | 'autoRecord' | 'addToEveryNewMeeting' | 'allowDelegates',
    testId: string,
    label: string,
  ) => (
    <Switch label={label} checked={value[key]} onChange={(_e, data) => setValue({ ...value, [key]: data.checked })} data-testid={testId} />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(value);
  };
  return (
    <form className={styles.root} onSubmit={submit} data-testid="addin-settings">
      <ViewHeading>{t('settings.title')}</ViewHeading>
      <Field label={{ children: t('settings.defaultType'), id: typeLabel }}>
        <RadioGroup
          aria-labelledby={typeLabel}
          value={value.defaultMeetingType}
          onChange={(_e, data) => setValue({ ...value, defaultMeetingType: data.value as MeetingType })}
          data-testid="addin-setting-type"
        >
          <Radio value="scheduled" label={t('options.scheduled')} />
          <Radio value="personalRoom" label={t('options.personalRoom')} />
        </RadioGroup>
      </Field>
      {toggle('password', 'addin-setting-password', t('settings.includePassword'))}
      {toggle('joinBeforeHost', 'addin-setting-join-before-host', t('options.joinBeforeHost'))}
      <JoinBeforeHostMinutesField
        value={value}
        onChange={(minutes) => setValue({ ...value, ...minutes })}
        testId="addin-setting-join-before-host-minutes"
      />
      <WebexChoiceField
        kind="audio"
        none="default"
        value={value.audio}
        onChange={(audio) => setValue({ ...value, audio })}
        testId="addin-setting-audio"
      />
      <WebexChoiceField
        kind="lobby"
        none="default"
        value={value.lobby}
        onChange={(lobby) => setValue({ ...value, lobby })}
        testId="addin-setting-lobby"
      />
      {choices && choices.sites.length > 1 && (
        <Field label={t('options.site')}>
          <Select
            value={value.siteUrl}
            onChange={(_e, data) => setValue({ ...value, siteUrl: data.value, templateId: '' })}
            data-testid="addin-setting-site"
          >
            <option value="">{t('settings.preferredSite')}</option>
            {choices.sites.map((site) => (
              <option key={site.siteUrl} value={site.siteUrl}>
                {site.siteUrl}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {choices && templatesOf(choices, value.siteUrl).length > 0 && (
        <Field label={t('options.template')}>
          <Select
            value={value.templateId}
            onChange={(_e, data) => setValue({ ...value, templateId: data.value })}
            data-testid="addin-setting-template"
          >
            <option value="">{t('options.templateNone')}</option>
            {templatesOf(choices, value.siteUrl).map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {toggle('autoRecord', 'addin-setting-auto-record', t('options.autoRecord'))}
      {toggle('addToEveryNewMeeting', 'addin-setting-add-to-every', t('settings.addToEveryNewMeeting'))}
      {/* Only the user's own Webex account needs their leave; the organization's schedules for anyone. */}
      {modes.webexScheduling === 'personal' && toggle('allowDelegates', 'addin-allow-delegates', t('settings.allowDelegates'))}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" data-testid="addin-save-settings">
          {t('settings.save')}
        </Button>
        <Button onClick={onBack} data-testid="addin-close-settings">
          {t('settings.back')}
        </Button>
        {webexLinked && modes.webexScheduling === 'personal' && (
          <Button onClick={onDisconnect} data-testid="addin-disconnect-webex">
            {t('settings.disconnect')}
          </Button>
        )}
      </div>
      <section className={styles.modes} aria-labelledby={modesHeading} data-testid="addin-authorization-modes">
        <h2 id={modesHeading} className={styles.modesHeading}>
          {t('settings.authorization')}
        </h2>
        {modes.calendarAccess && (
          <Body1 data-testid="addin-calendar-access" data-access={modes.calendarAccess}>
            {t(CALENDAR_SENTENCE[modes.calendarAccess])}
          </Body1>
        )}
        {modes.calendarAccess === 'required' && (
          <Button onClick={onAuthorizeCalendar} data-testid="addin-settings-authorize-calendar">
            {t('settings.authorizeCalendar')}
          </Button>
        )}
        {modes.calendarAccess === 'user' && (
          <Button onClick={onWithdrawCalendar} data-testid="addin-withdraw-calendar">
            {t('settings.withdrawCalendar')}
          </Button>
        )}
        <Body1 data-testid="addin-webex-scheduling" data-scheduling={modes.webexScheduling}>
          {t(WEBEX_SENTENCE[modes.webexScheduling])}
        </Body1>
        {webexLinked && modes.webexScheduling === 'personal' && webexAccount && (
          <Body1 data-testid="addin-webex-account" data-email={webexAccount}>
            {t('settings.webexAccount', { email: webexAccount })}
          </Body1>
        )}
      </section>
    </form>
  );
}
