/** The user's speed dials, in their order: call, move up or down, remove. */
import { Button, Tooltip } from '@fluentui/react-components';
import { ArrowDown20Regular, ArrowUp20Regular, Delete20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { SpeedDial } from '../../core/teams-api-types';
import { callOptions, speedDialTargets, type CallOption } from '../calling/call-options';
import type { CallPreference } from '../calling/call-plan';
import { Empty, useListStyle } from './load-state';
import { PersonRow } from './person-row';

export interface SpeedDialsPanelProps {
  speedDials: SpeedDial[];
  preference: CallPreference;
  busy: boolean;
  onCall: (name: string, option: CallOption) => void;
  onMove: (index: number, delta: number) => void;
  onRemove: (index: number) => void;
}

export function SpeedDialsPanel({ speedDials, preference, busy, onCall, onMove, onRemove }: SpeedDialsPanelProps) {
  const { t } = useTranslation();
  const list = useListStyle();
  if (speedDials.length === 0) return <Empty text={t('speedDials.empty')} />;
  return (
    <ol className={list} aria-label={t('nav.speedDials')}>
      {speedDials.map((dial, i) => (
        <PersonRow
          key={`${i}:${dial.displayName}:${dial.number ?? ''}:${dial.address ?? ''}`}
          name={dial.displayName}
          detail={[dial.number, dial.address].filter(Boolean).join(' · ')}
          userId={dial.userId}
          options={callOptions(speedDialTargets(dial), preference)}
          onCall={(o) => onCall(dial.displayName, o)}
        >
          <Tooltip content={t('speedDials.moveUp', { name: dial.displayName })} relationship="label">
            <Button appearance="subtle" icon={<ArrowUp20Regular />} disabled={busy || i === 0} onClick={() => onMove(i, -1)} />
          </Tooltip>
          <Tooltip content={t('speedDials.moveDown', { name: dial.displayName })} relationship="label">
            <Button
              appearance="subtle"
              icon={<ArrowDown20Regular />}
              disabled={busy || i === speedDials.length - 1}
              onClick={() => onMove(i, 1)}
            />
          </Tooltip>
          <Tooltip content={t('speedDials.remove', { name: dial.displayName })} relationship="label">
            <Button appearance="subtle" icon={<Delete20Regular />} disabled={busy} onClick={() => onRemove(i)} />
          </Tooltip>
        </PersonRow>
      ))}
    </ol>
  );
}
