/**
 * The Webex options beyond the basics, loaded with import() when the options are first shown (the
 * pane's first view does not wait for them): the Webex site (when the user has more than one) and
 * the meeting template, both only when adding (Webex sets them at creation), how long before the
 * host attendees may join (Webex: 0, 5, 10 or 15 minutes, only while joining before the host is
 * allowed), audio with the dial-in shown, and who joins directly or waits in the lobby.
 * '' in a choice leaves it to the Webex site.
 */
import { Checkbox, Field, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useTranslation } from '../../i18n/pane-i18n';
import type { MeetingChoices } from '../../api/api-types';
import type { OptionValues } from './meeting-options-fields';
import { JoinBeforeHostMinutesField, WebexChoiceField } from './choice-options';
import { templatesOf } from './webex-choices';

const useStyles = makeStyles({
  dialIn: {
    display: 'flex',
    flexDirection: 'column',
    paddingLeft: tokens.spacingHorizontalM,
  },
});

export interface WebexOptionsFieldsProps {
  value: OptionValues;
  onChange(value: OptionValues): void;
  /** Sites and templates to choose from (when adding); undefined: not offered. */
  choices?: MeetingChoices;
  /** The organization's default template: a hint says so while it is the one chosen. */
  organizationTemplateId?: string;
  /** A template was chosen: the pane shows what it sets. */
  onTemplate?(templateId: string): void;
}

export default function WebexOptionsFields({ value, onChange, choices, organizationTemplateId, onTemplate }: WebexOptionsFieldsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const personalRoom = value.type === 'personalRoom';
  const sites = choices?.sites ?? [];
  const templates = templatesOf(choices, value.siteUrl);
  return (
    <>
      {choices && sites.length > 1 && (
        <Field label={t('options.site')}>
          <Select
            value={value.siteUrl || (sites.find((s) => s.preferred)?.siteUrl ?? '')}
            onChange={(_e, data) => {
              const siteUrl = data.value;
              // A template is of one site: another site's is dropped.
              const keep = templatesOf(choices, siteUrl).some((tpl) => tpl.id === value.templateId);
              onChange({ ...value, siteUrl, templateId: keep ? value.templateId : '' });
            }}
            data-testid="addin-site"
          >
            {sites.map((s) => (
              <option key={s.siteUrl} value={s.siteUrl}>
                {s.preferred ? t('options.sitePreferred', { site: s.siteUrl }) : s.siteUrl}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {choices && !personalRoom && templates.length > 0 && (
        <Field
          label={t('options.template')}
          {...(organizationTemplateId && value.templateId === organizationTemplateId
            ? { hint: <span data-testid="addin-template-organization-default">{t('options.templateOrganizationDefault')}</span> }
            : {})}
        >
          <Select
            value={value.templateId}
            onChange={(_e, data) => {
              onChange({ ...value, templateId: data.value });
              if (data.value) onTemplate?.(data.value);
            }}
            data-testid="addin-template"
          >
            <option value="">{t('options.templateNone')}</option>
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.isDefault ? t('options.templateSiteDefault', { name: tpl.name }) : tpl.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <JoinBeforeHostMinutesField
        value={value}
        onChange={(minutes) => onChange({ ...value, ...minutes })}
        testId="addin-join-before-host-minutes"
      />
      <WebexChoiceField kind="audio" none="" value={value.audio} onChange={(audio) => onChange({ ...value, audio })} testId="addin-audio" />
      {value.audio === 'webexAudio' && (
        <div className={styles.dialIn} data-testid="addin-dial-in-options">
          <Checkbox
            label={t('options.tollFree')}
            checked={value.tollFree}
            onChange={(_e, data) => onChange({ ...value, tollFree: data.checked === true })}
            data-testid="addin-audio-toll-free"
          />
          <Checkbox
            label={t('options.globalCallIn')}
            checked={value.globalCallIn}
            onChange={(_e, data) => onChange({ ...value, globalCallIn: data.checked === true })}
            data-testid="addin-audio-global-call-in"
          />
        </div>
      )}
      <WebexChoiceField kind="lobby" none="" value={value.lobby} onChange={(lobby) => onChange({ ...value, lobby })} testId="addin-lobby" />
    </>
  );
}
