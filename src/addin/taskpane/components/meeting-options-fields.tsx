/** The options of a Webex meeting: type, password, join before host, automatic recording. */
import { Field, Input, makeStyles, Radio, RadioGroup, Switch, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingType } from '../../../core/meeting-draft';

export interface OptionValues {
  type: MeetingType;
  password: string;
  joinBeforeHost: boolean;
  autoRecord: boolean;
}

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    border: 'none',
    margin: 0,
    padding: 0,
  },
});

export interface MeetingOptionsFieldsProps {
  value: OptionValues;
  onChange(value: OptionValues): void;
  /** The type is chosen when adding; Webex cannot change it later. */
  showType: boolean;
  /** Whether the password field is offered (it can be set when adding). */
  showPassword: boolean;
}

export function MeetingOptionsFields({ value, onChange, showType, showPassword }: MeetingOptionsFieldsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const typeLabel = useId();
  const personalRoom = value.type === 'personalRoom';
  return (
    <fieldset className={styles.root}>
      {showType && (
        <Field label={{ children: t('options.type'), id: typeLabel }}>
          <RadioGroup
            aria-labelledby={typeLabel}
            value={value.type}
            onChange={(_e, data) => onChange({ ...value, type: data.value as MeetingType, autoRecord: data.value === 'personalRoom' ? false : value.autoRecord })}
            data-testid="addin-meeting-type"
          >
            <Radio value="scheduled" label={t('options.scheduled')} data-testid="addin-type-scheduled" />
            <Radio value="personalRoom" label={t('options.personalRoom')} data-testid="addin-type-personal-room" />
          </RadioGroup>
        </Field>
      )}
      {showPassword && !personalRoom && (
        <Field label={t('options.password')} hint={t('options.passwordHint')}>
          <Input
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={value.password}
            onChange={(_e, data) => onChange({ ...value, password: data.value.replace(/\s/g, '') })}
            data-testid="addin-password"
          />
        </Field>
      )}
      <Switch
        label={t('options.joinBeforeHost')}
        checked={value.joinBeforeHost}
        onChange={(_e, data) => onChange({ ...value, joinBeforeHost: data.checked })}
        data-testid="addin-join-before-host"
      />
      <Field validationState="none" hint={personalRoom ? t('options.autoRecordPersonalRoom') : undefined}>
        <Switch
          label={t('options.autoRecord')}
          checked={value.autoRecord && !personalRoom}
          disabled={personalRoom}
          onChange={(_e, data) => onChange({ ...value, autoRecord: data.checked })}
          data-testid="addin-auto-record"
        />
      </Field>
    </fieldset>
  );
}
