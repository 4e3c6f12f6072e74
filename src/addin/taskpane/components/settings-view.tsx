/** The user's Webex settings: default meeting type and options, and "add to every new meeting". */
import { Button, Field, makeStyles, Radio, RadioGroup, Switch, tokens } from '@fluentui/react-components';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingType } from '../../../core/meeting-draft';
import type { UserSettings } from '../../api/api-types';
import { ViewHeading } from './view-heading';

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
});

export interface SettingsViewProps {
  settings: UserSettings;
  webexLinked: boolean;
  onSave(settings: UserSettings): void;
  onBack(): void;
  onDisconnect(): void;
}

export function SettingsView({ settings, webexLinked, onSave, onBack, onDisconnect }: SettingsViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const typeLabel = useId();
  const [value, setValue] = useState<UserSettings>(settings);
  const toggle = (key: 'password' | 'joinBeforeHost' | 'autoRecord' | 'addToEveryNewMeeting', testId: string, label: string) => (
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
        <RadioGroup aria-labelledby={typeLabel} value={value.defaultMeetingType} onChange={(_e, data) => setValue({ ...value, defaultMeetingType: data.value as MeetingType })} data-testid="addin-setting-type">
          <Radio value="scheduled" label={t('options.scheduled')} />
          <Radio value="personalRoom" label={t('options.personalRoom')} />
        </RadioGroup>
      </Field>
      {toggle('password', 'addin-setting-password', t('settings.includePassword'))}
      {toggle('joinBeforeHost', 'addin-setting-join-before-host', t('options.joinBeforeHost'))}
      {toggle('autoRecord', 'addin-setting-auto-record', t('options.autoRecord'))}
      {toggle('addToEveryNewMeeting', 'addin-setting-add-to-every', t('settings.addToEveryNewMeeting'))}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" data-testid="addin-save-settings">
          {t('settings.save')}
        </Button>
        <Button onClick={onBack} data-testid="addin-close-settings">
          {t('settings.back')}
        </Button>
        {webexLinked && (
          <Button onClick={onDisconnect} data-testid="addin-disconnect-webex">
            {t('settings.disconnect')}
          </Button>
        )}
      </div>
    </form>
  );
}
