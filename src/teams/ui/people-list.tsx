/** A list of people with "Call" and the speed-dial star. */
import type { Person, SpeedDial } from '../../core/teams-api-types';
import { callOptions, type CallOption } from '../calling/call-options';
import type { CallPreference } from '../calling/call-plan';
import { isSpeedDial } from '../speed-dials/speed-dial-list';
import { useListStyle } from './load-state';
import { PersonRow } from './person-row';

export interface PeopleListProps {
  label: string;
  people: Person[];
  preference: CallPreference;
  /** Undefined while the speed dials are loading: the stars wait. */
  speedDials: SpeedDial[] | undefined;
  onCall: (name: string, option: CallOption) => void;
  onStar: (person: Person) => void;
}

export function detailOf(person: Person): string {
  return [person.jobTitle, person.companyName, person.phones[0]?.number ?? person.email].filter(Boolean).join(' · ');
}

export function PeopleList({ label, people, preference, speedDials, onCall, onStar }: PeopleListProps) {
  const list = useListStyle();
  return (
    <ul className={list} aria-label={label}>
      {people.map((p) => (
        <PersonRow
          key={`${p.kind}:${p.id}`}
          name={p.displayName}
          detail={detailOf(p)}
          userId={p.kind === 'user' ? p.id : undefined}
          options={callOptions(p, preference)}
          onCall={(o) => onCall(p.displayName, o)}
          starred={speedDials ? isSpeedDial(speedDials, p) : undefined}
          onStar={() => onStar(p)}
        />
      ))}
    </ul>
  );
}
