/**
 * "Call" for one person. The button says which app the call goes to (Webex, Webex over SIP, or
 * the phone app) before it is clicked; with several numbers, its menu offers each one. Its name
 * for screen readers holds the words it shows ("Call Megan Bowen with Webex" for "Webex"), so that
 * someone speaking to their computer can say what they see; the button without a number is named
 * by its words alone, in the row named for the person.
 */
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  SplitButton,
  Tooltip,
  type MenuButtonProps,
} from '@fluentui/react-components';
import { Call20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { CallOption } from '../calling/call-options';

export interface CallButtonProps {
  name: string;
  options: CallOption[];
  onCall: (option: CallOption) => void;
}

export function CallButton({ name, options, onCall }: CallButtonProps) {
  const { t } = useTranslation();
  const first = options[0];
  if (!first) {
    return (
      <Button icon={<Call20Regular />} disabled title={t('call.noNumber')}>
        {t('call.noNumber')}
      </Button>
    );
  }
  const label = t(`call.scheme.${first.plan.scheme}`);
  const named = t('call.callWith', { name, app: label });
  const tip = `${t('call.call', { name })} · ${first.plan.dialed}`;
  if (options.length === 1) {
    return (
      <Tooltip content={tip} relationship="description">
        <Button
          icon={<Call20Regular />}
          appearance="primary"
          aria-label={named}
          data-call-uri={first.plan.uri}
          onClick={() => onCall(first)}
        >
          {label}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Menu positioning="below-end">
      <MenuTrigger disableButtonEnhancement>
        {(triggerProps: MenuButtonProps) => (
          <SplitButton
            appearance="primary"
            icon={<Call20Regular />}
            menuButton={{ ...triggerProps, 'aria-label': t('call.choose', { name }) }}
            primaryActionButton={{ onClick: () => onCall(first), 'aria-label': named, title: tip, ...{ 'data-call-uri': first.plan.uri } }}
          >
            {label}
          </SplitButton>
        )}
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {options.map((o) => (
            <MenuItem key={o.plan.uri} onClick={() => onCall(o)} secondaryContent={t(`call.scheme.${o.plan.scheme}`)}>
              {`${t(`phone.${o.kind}`)}: ${o.value}`}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
