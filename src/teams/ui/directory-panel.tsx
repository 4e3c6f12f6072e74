/** Search the organization's directory as the user types (debounced; only the latest answer counts). */
import { makeStyles, SearchBox, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeopleResponse, Person, SpeedDial } from '../../core/teams-api-types';
import type { CallOption } from '../calling/call-options';
import type { CallPreference } from '../calling/call-plan';
import { Empty, Failed, Loading } from './load-state';
import { PeopleList } from './people-list';
import type { Loaded } from './use-loader';

const useStyles = makeStyles({ search: { width: '100%', maxWidth: '100%', marginBottom: tokens.spacingVerticalS } });

export const SEARCH_DELAY_MS = 300;

export interface DirectoryPanelProps {
  search: (query: string) => Promise<PeopleResponse>;
  /** Failures that need the user to authorize go up to the tab. */
  onError: (e: unknown) => boolean;
  preference: CallPreference;
  speedDials: SpeedDial[] | undefined;
  onCall: (name: string, option: CallOption) => void;
  onStar: (person: Person) => void;
}

export function DirectoryPanel({ search, onError, ...list }: DirectoryPanelProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Loaded<Person[]> | undefined>(undefined);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    const run = ++latest.current;
    if (q === '') {
      setResults(undefined);
      return;
    }
    const timer = setTimeout(() => {
      setResults({ state: 'loading' });
      search(q).then(
        (r) => run === latest.current && setResults({ state: 'ready', value: r.people }),
        (error: unknown) => {
          if (run !== latest.current) return;
          if (onError(error)) setResults(undefined);
          else setResults({ state: 'failed', error });
        },
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, search, onError]);

  return (
    <>
      <SearchBox
        className={styles.search}
        aria-label={t('directory.placeholder')}
        placeholder={t('directory.placeholder')}
        value={query}
        onChange={(_, d) => setQuery(d.value)}
      />
      {results === undefined ? <Empty text={t('directory.hint')} /> : null}
      {results?.state === 'loading' ? <Loading /> : null}
      {results?.state === 'failed' ? <Failed error={results.error} /> : null}
      {results?.state === 'ready' && results.value.length === 0 ? <Empty text={t('directory.noResults', { query: query.trim() })} /> : null}
      {results?.state === 'ready' && results.value.length > 0 ? (
        <PeopleList label={t('nav.directory')} people={results.value} {...list} />
      ) : null}
    </>
  );
}
