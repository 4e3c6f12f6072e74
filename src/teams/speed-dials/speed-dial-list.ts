/**
 * Changes to the speed dial list, as the tab makes them before saving the whole list (the backend
 * replaces the open extension each time). Pure: each returns a new list, or a reason it cannot.
 */
import type { Person, SpeedDial } from '../../core/teams-api-types';
import { dialableNumber } from '../calling/call-plan';

export type AddProblem = 'full' | 'duplicate' | 'nothing_to_call';

/** A speed dial for a person: their first number and their address; a directory user's id for the photo. */
export function speedDialFor(person: Person): SpeedDial | undefined {
  const number = person.phones.find((p) => dialableNumber(p.number) !== undefined)?.number;
  const address = person.email;
  if (!number && !address) return undefined;
  const dial: SpeedDial = { displayName: person.displayName.slice(0, 64) || (address ?? number ?? '') };
  if (number) dial.number = number;
  if (address) dial.address = address;
  if (person.kind === 'user') dial.userId = person.id;
  return dial;
}

function sameTarget(a: SpeedDial, b: SpeedDial): boolean {
  if (a.userId && b.userId) return a.userId === b.userId;
  const n = (d: SpeedDial) => (d.number ? dialableNumber(d.number) : undefined);
  if (n(a) && n(a) === n(b)) return true;
  return !!a.address && a.address.toLowerCase() === b.address?.toLowerCase();
}

export function addSpeedDial(list: SpeedDial[], dial: SpeedDial | undefined, max: number): { list: SpeedDial[] } | { problem: AddProblem } {
  if (!dial) return { problem: 'nothing_to_call' };
  if (list.some((d) => sameTarget(d, dial))) return { problem: 'duplicate' };
  if (list.length >= max) return { problem: 'full' };
  return { list: [...list, dial] };
}

export function removeSpeedDial(list: SpeedDial[], index: number): SpeedDial[] {
  return list.filter((_, i) => i !== index);
}

/** Moves the entry at `index` by `delta` places (-1 up, +1 down); out of range leaves the list as it is. */
export function moveSpeedDial(list: SpeedDial[], index: number, delta: number): SpeedDial[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return list;
  const next = [...list];
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved as SpeedDial);
  return next;
}

export function isSpeedDial(list: SpeedDial[], person: Person): boolean {
  const dial = speedDialFor(person);
  return !!dial && list.some((d) => sameTarget(d, dial));
}
