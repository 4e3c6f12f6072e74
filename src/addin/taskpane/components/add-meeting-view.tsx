/** No meeting yet: the options, preset from the user's settings, the alternate hosts, and "Add Webex meeting". */
import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/pane-i18n';
import type { MeetingOptions } from '../../../core/meeting-draft';
import type { UserSettings } from '../../api/api-types';
import type { AlternateHostChoice } from '../../flows/alternate-hosts';
import { chosenAlternateHosts, MeetingOptionsFields, type OptionValues } from './meeting-options-fields';
import { ViewHeading } from './view-heading';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    alignItems: 'stretch',
  },
  action: { alignSelf: 'flex-start' },
});

export function optionsFromSettings(settings: UserSettings): OptionValues {
  return {
    type: settings.defaultMeetingType,
    password: '',
    joinBeforeHost: settings.joinBeforeHost,
    autoRecord: settings.autoRecord && settings.defaultMeetingType !== 'personalRoom',
    alternateHosts: [],
  };
}

/** What the backend gets: the password only when the user typed one, no recording for personal rooms. */
export function meetingOptionsOf(values: OptionValues, includeType: boolean): Partial<MeetingOptions> {
  const personalRoom = values.type === 'personalRoom';
  return {
    ...(includeType ? { type: values.type } : {}),
    ...(values.password !== '' && !personalRoom ? { password: values.password } : {}),
    joinBeforeHost: values.joinBeforeHost,
    ...(personalRoom ? {} : { autoRecord: values.autoRecord }),
  };
}

export interface AddMeetingViewProps {
  settings: UserSettings;
  /** The attendees offered as alternate hosts; undefined while not known. */
  hosts?: readonly AlternateHostChoice[];
  onAdd(options: Partial<MeetingOptions>, alternateHosts: string[]): void;
}

export function AddMeetingView({ settings, hosts, onAdd }: AddMeetingViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [values, setValues] = useState<OptionValues>(() => optionsFromSettings(settings));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAdd(meetingOptionsOf(values, true), chosenAlternateHosts(values, hosts));
  };
  return (
    <form className={styles.root} onSubmit={submit} data-testid="addin-no-meeting">
      <ViewHeading>{t('add.title')}</ViewHeading>
      <Body1>{t('add.body')}</Body1>
      <MeetingOptionsFields value={values} onChange={setValues} showType showPassword hosts={hosts} />
      <Button className={styles.action} appearance="primary" type="submit" data-testid="addin-add-meeting">
        {t('add.action')}
      </Button>
    </form>
  );
}
