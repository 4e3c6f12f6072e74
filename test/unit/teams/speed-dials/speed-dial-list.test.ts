import type { Person, SpeedDial } from '../../../../src/core/teams-api-types';
import { addSpeedDial, isSpeedDial, moveSpeedDial, removeSpeedDial, speedDialFor } from '../../../../src/teams/speed-dials/speed-dial-list';

const megan: Person = {
  kind: 'user',
  id: '00000000-0000-4000-8000-000000000003',
  displayName: 'Megan Bowen',
  email: 'megan.bowen@contoso.example',
  phones: [{ kind: 'business', number: '+1 425 555 0103' }],
};
const patti: Person = {
  kind: 'contact',
  id: 'AAMkA1==',
  displayName: 'Patti Fernandez',
  phones: [{ kind: 'mobile', number: '+1 206 555 0143' }],
};
const nobody: Person = { kind: 'contact', id: 'AAMkA2==', displayName: 'Nobody', phones: [] };

const a: SpeedDial = { displayName: 'A', number: '+1 555 0101' };
const b: SpeedDial = { displayName: 'B', number: '+1 555 0102' };
const c: SpeedDial = { displayName: 'C', address: 'c@example.com' };

describe('a speed dial for a person', () => {
  it('keeps their first number, their address and, for a directory user, their id', () => {
    expect(speedDialFor(megan)).toEqual({
      displayName: 'Megan Bowen',
      number: '+1 425 555 0103',
      address: 'megan.bowen@contoso.example',
      userId: megan.id,
    });
    expect(speedDialFor(patti)).toEqual({ displayName: 'Patti Fernandez', number: '+1 206 555 0143' });
  });

  it('is impossible for someone with nothing to call', () => {
    expect(speedDialFor(nobody)).toBeUndefined();
  });
});

describe('changing the list', () => {
  it('adds at the end', () => {
    expect(addSpeedDial([a], speedDialFor(megan), 12)).toEqual({ list: [a, speedDialFor(megan)] });
  });

  it('does not add the same person twice, even written differently', () => {
    expect(addSpeedDial([{ displayName: 'Patti', number: '+12065550143' }], speedDialFor(patti), 12)).toEqual({ problem: 'duplicate' });
    expect(isSpeedDial([{ displayName: 'Patti', number: '+1 (206) 555-0143' }], patti)).toBe(true);
  });

  it('stops at the maximum', () => {
    expect(addSpeedDial([a, b], speedDialFor(megan), 2)).toEqual({ problem: 'full' });
  });

  it('says when there is nothing to call', () => {
    expect(addSpeedDial([], speedDialFor(nobody), 12)).toEqual({ problem: 'nothing_to_call' });
  });

  it('moves an entry up and down, and leaves the list alone at its ends', () => {
    expect(moveSpeedDial([a, b, c], 2, -1)).toEqual([a, c, b]);
    expect(moveSpeedDial([a, b, c], 0, 1)).toEqual([b, a, c]);
    expect(moveSpeedDial([a, b, c], 0, -1)).toEqual([a, b, c]);
    expect(moveSpeedDial([a, b, c], 2, 1)).toEqual([a, b, c]);
  });

  it('removes by position', () => {
    expect(removeSpeedDial([a, b, c], 1)).toEqual([a, c]);
  });
});
