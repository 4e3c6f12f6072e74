/** One person in a list: avatar, name and what they do, "Call", and the star that makes them a speed dial. */
import { Button, Caption1, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { Star20Filled, Star20Regular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOption } from '../calling/call-options';
import { CallButton } from './call-button';
import { PersonAvatar } from './person-avatar';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  text: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  name: { fontWeight: tokens.fontWeightSemibold, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  detail: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, flexShrink: 0 },
});

export interface PersonRowProps {
  name: string;
  detail?: string;
  userId?: string;
  options: CallOption[];
  onCall: (option: CallOption) => void;
  /** Whether the person is a speed dial; undefined hides the star. */
  starred?: boolean;
  onStar?: () => void;
  /** More actions (reorder, remove), after "Call". */
  children?: ReactNode;
}

export function PersonRow({ name, detail, userId, options, onCall, starred, onStar, children }: PersonRowProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <li className={styles.row} aria-label={name}>
      <PersonAvatar name={name} userId={userId} />
      <div className={styles.text}>
        <Text className={styles.name}>{name}</Text>
        {detail ? <Caption1 className={styles.detail}>{detail}</Caption1> : null}
      </div>
      <div className={styles.actions}>
        <CallButton name={name} options={options} onCall={onCall} />
        {starred !== undefined && onStar ? (
          <Tooltip content={starred ? t('speedDials.isSpeedDial', { name }) : t('speedDials.add', { name })} relationship="label">
            <Button appearance="subtle" icon={starred ? <Star20Filled /> : <Star20Regular />} disabled={starred} onClick={onStar} />
          </Tooltip>
        ) : null}
        {children}
      </div>
    </li>
  );
}
