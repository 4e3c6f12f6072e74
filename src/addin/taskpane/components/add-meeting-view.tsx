/**
 * No meeting yet: the options, preset from the user's settings (the site and template among those
 * Webex offers; a template chosen presets what it sets; without a template of the user's own, the
 * organization's default, marked as such), the alternate hosts, and "Add Webex meeting".
 */
import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/pane-i18n';
import type { MeetingOptions } from '../../../core/meeting-draft';
import type { MeetingChoices, TemplateOptions, UserSettings } from '../../api/api-types';
import type { AlternateHostChoice } from '../../flows/alternate-hosts';
import { chosenAlternateHosts, MeetingOptionsFields, type OptionValues } from './meeting-options-fields';
import { ViewHeading } from './view-heading';
import { templatesOf } from './webex-choices';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    alignItems: 'stretch',
  },
  action: { alignSelf: 'flex-start' },
});

/**
 * The form preset from the settings; a default site or template Webex no longer offers is not used.
 * The user's own template wins over the organization's default (GET /api/me organizationDefaults).
 */
export function optionsFromSettings(settings: UserSettings, choices?: MeetingChoices, organizationTemplateId = ''): OptionValues {
  const siteUrl = choices?.sites.some((s) => s.siteUrl === settings.siteUrl) ? settings.siteUrl : '';
  const wanted = settings.templateId || organizationTemplateId;
  const templateId = wanted && choices && templatesOf(choices, siteUrl).some((t) => t.id === wanted) ? wanted : '';
  return {
    type: settings.defaultMeetingType,
    password: '',
    joinBeforeHost: settings.joinBeforeHost,
    joinBeforeHostMinutes: settings.joinBeforeHost ? settings.joinBeforeHostMinutes : 0,
    autoRecord: settings.autoRecord && settings.defaultMeetingType !== 'personalRoom',
    siteUrl,
    templateId,
    audio: settings.audio === 'default' ? '' : settings.audio,
    tollFree: true,
    globalCallIn: true,
    lobby: settings.lobby === 'default' ? '' : settings.lobby,
    alternateHosts: [],
  };
}

/** The form with what a template sets. */
export function withTemplate(values: OptionValues, set: TemplateOptions): OptionValues {
  return {
    ...values,
    joinBeforeHost: set.joinBeforeHost,
    joinBeforeHostMinutes: set.joinBeforeHost ? set.joinBeforeHostMinutes : 0,
    autoRecord: set.autoRecord && values.type !== 'personalRoom',
    audio: set.audio?.type ?? '',
    tollFree: set.audio?.tollFree ?? true,
    globalCallIn: set.audio?.globalCallIn ?? true,
    lobby: set.lobby ?? '',
  };
}

/**
 * What the backend gets: the password only when the user typed one, no recording for personal
 * rooms; the site and template only when adding (`adding`), and only when chosen; audio and lobby
 * only when chosen (else the site's default stands).
 */
export function meetingOptionsOf(values: OptionValues, adding: boolean): Partial<MeetingOptions> {
  const personalRoom = values.type === 'personalRoom';
  return {
    ...(adding ? { type: values.type } : {}),
    ...(values.password !== '' && !personalRoom ? { password: values.password } : {}),
    joinBeforeHost: values.joinBeforeHost,
    ...(values.joinBeforeHost ? { joinBeforeHostMinutes: values.joinBeforeHostMinutes } : {}),
    ...(personalRoom ? {} : { autoRecord: values.autoRecord }),
    ...(adding && values.siteUrl !== '' ? { siteUrl: values.siteUrl } : {}),
    ...(adding && values.templateId !== '' && !personalRoom ? { templateId: values.templateId } : {}),
    ...(values.audio !== '' ? { audio: { type: values.audio, tollFree: values.tollFree, globalCallIn: values.globalCallIn } } : {}),
    ...(values.lobby !== '' ? { lobby: values.lobby } : {}),
  };
}

export interface AddMeetingViewProps {
  settings: UserSettings;
  /** The organization's default template (set by an admin); '' or absent: none. */
  organizationTemplateId?: string;
  /** The attendees offered as alternate hosts; undefined while not known. */
  hosts?: readonly AlternateHostChoice[];
  /** Sites and templates Webex offers; undefined while not known (none offered). */
  choices?: MeetingChoices;
  /** What a template sets (undefined: Webex could not say; the form stays as it is). */
  loadTemplate?(templateId: string): Promise<TemplateOptions | undefined>;
  onAdd(options: Partial<MeetingOptions>, alternateHosts: string[]): void;
}

export function AddMeetingView({ settings, organizationTemplateId = '', hosts, choices, loadTemplate, onAdd }: AddMeetingViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [values, setValues] = useState<OptionValues>(() => optionsFromSettings(settings, choices, organizationTemplateId));
  // Only when the user has no template of their own is the organization's the one preselected.
  const organizationTemplate = settings.templateId === '' ? organizationTemplateId : '';
  const chooseTemplate = (templateId: string) => {
    void loadTemplate?.(templateId).then((set) => {
      if (set) setValues((current) => (current.templateId === templateId ? withTemplate(current, set) : current));
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAdd(meetingOptionsOf(values, true), chosenAlternateHosts(values, hosts));
  };
  return (
    <form className={styles.root} onSubmit={submit} data-testid="addin-no-meeting">
      <ViewHeading>{t('add.title')}</ViewHeading>
      <Body1>{t('add.body')}</Body1>
      <MeetingOptionsFields
        value={values}
        onChange={setValues}
        showType
        showPassword
        hosts={hosts}
        {...(choices ? { choices } : {})}
        organizationTemplateId={organizationTemplate}
        onTemplate={chooseTemplate}
      />
      <Button className={styles.action} appearance="primary" type="submit" data-testid="addin-add-meeting">
        {t('add.action')}
      </Button>
    </form>
  );
}
