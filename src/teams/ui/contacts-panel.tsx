/** The user's Outlook contacts, by name, filtered as they type, with more on request. */
import { Button, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person, SpeedDial } from '../../core/teams-api-types';
import type { CallOption } from '../calling/call-options';
import type { CallPreference } from '../calling/call-plan';
import { Empty } from './load-state';
import { PeopleList } from './people-list';

const useStyles = makeStyles({
  filter: { width: '100%', marginBottom: tokens.spacingVerticalS },
  more: { marginTop: tokens.spacingVerticalS },
});

export interface ContactsPanelProps {
  contacts: Person[];
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  preference: CallPreference;
  speedDials: SpeedDial[] | undefined;
  onCall: (name: string, option: CallOption) => void;
  onStar: (person: Person) => void;
}

export function ContactsPanel({ contacts, hasMore, loadingMore, onMore, ...list }: ContactsPanelProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  if (contacts.length === 0) return <Empty text={t('contacts.empty')} />;
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? contacts.filter((c) =>
        [c.displayName, c.email, c.companyName, ...c.phones.map((p) => p.number)].some((v) => v?.toLowerCase().includes(needle)),
      )
    : contacts;
  return (
    <>
      <Input
        className={styles.filter}
        aria-label={t('contacts.filter')}
        placeholder={t('contacts.filter')}
        value={filter}
        onChange={(_, d) => setFilter(d.value)}
      />
      <PeopleList label={t('nav.contacts')} people={shown} {...list} />
      {hasMore ? (
        <Button className={styles.more} disabled={loadingMore} onClick={onMore}>
          {t('contacts.more')}
        </Button>
      ) : null}
    </>
  );
}
