import {
  extensionBytes,
  MAX_EXTENSION_BYTES,
  parseSpeedDialsUpdate,
  speedDialsFromExtension,
  speedDialsToProperties,
} from '../../../../src/server/teams/speed-dials-extension';
import type { SpeedDial } from '../../../../src/core/teams-api-types';

const dials: SpeedDial[] = [
  {
    displayName: 'Megan Bowen',
    number: '+1 425 555 0103',
    address: 'megan.bowen@contoso.example',
    userId: '00000000-0000-4000-8000-000000000003',
  },
  { displayName: 'Reception desk', address: 'reception@contoso.example' },
];

function problemCode(body: unknown): string | undefined {
  const r = parseSpeedDialsUpdate(body);
  return 'problem' in r ? r.problem.code : undefined;
}

describe('the speed dials the tab sends', () => {
  it('are accepted with a name and a number or an address', () => {
    expect(parseSpeedDialsUpdate({ speedDials: dials })).toEqual({ speedDials: dials });
  });

  it('are trimmed, and user ids lower-cased', () => {
    const r = parseSpeedDialsUpdate({
      speedDials: [{ displayName: ' A ', number: ' +1 555 0101 ', userId: '00000000-0000-4000-8000-00000000000A' }],
    });
    expect(r).toEqual({ speedDials: [{ displayName: 'A', number: '+1 555 0101', userId: '00000000-0000-4000-8000-00000000000a' }] });
  });

  it.each([
    ['not a list', { speedDials: 'x' }],
    ['no name', { speedDials: [{ number: '+1 555 0101' }] }],
    ['nothing to call', { speedDials: [{ displayName: 'A' }] }],
    ['a number with letters', { speedDials: [{ displayName: 'A', number: 'call me' }] }],
    ['an address that is not one', { speedDials: [{ displayName: 'A', address: 'nobody' }] }],
    ['a user id that is not a GUID', { speedDials: [{ displayName: 'A', number: '+1 555 0101', userId: 'alex' }] }],
    ['a field that is not text', { speedDials: [{ displayName: 7, number: '+1 555 0101' }] }],
  ])('are refused with invalid_request: %s', (_why, body) => {
    expect(problemCode(body)).toBe('invalid_request');
  });

  it('are refused with speed_dials_full beyond twelve', () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ displayName: `P${i}`, number: '+1 555 0101' }));
    expect(problemCode({ speedDials: many })).toBe('speed_dials_full');
  });
});

describe('the open extension', () => {
  it('holds parallel arrays of strings, which Graph allows in an open extension', () => {
    const props = speedDialsToProperties(dials);
    expect(props).toEqual({
      version: 1,
      names: ['Megan Bowen', 'Reception desk'],
      numbers: ['+1 425 555 0103', ''],
      addresses: ['megan.bowen@contoso.example', 'reception@contoso.example'],
      userIds: ['00000000-0000-4000-8000-000000000003', ''],
    });
    for (const value of Object.values(props))
      expect(typeof value === 'number' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))).toBe(true);
  });

  it('reads back what it wrote, in order', () => {
    expect(speedDialsFromExtension(speedDialsToProperties(dials) as unknown as Record<string, unknown>)).toEqual(dials);
  });

  it('skips damaged entries instead of failing', () => {
    expect(
      speedDialsFromExtension({ names: ['A', '', 'C'], numbers: ['+1 555 0101', '+1 555 0102'], addresses: 'x', userIds: [7] }),
    ).toEqual([{ displayName: 'A', number: '+1 555 0101' }]);
    expect(speedDialsFromExtension(undefined)).toEqual([]);
  });

  it('measures its size as Graph does, so twelve typical entries fit in 2 KB', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => ({
      displayName: `Colleague Number ${i}`,
      number: '+1 425 555 0100',
      address: `colleague.${i}@contoso.example`,
      userId: '00000000-0000-4000-8000-000000000003',
    }));
    expect(extensionBytes(speedDialsToProperties(twelve))).toBeLessThanOrEqual(MAX_EXTENSION_BYTES);
    expect(extensionBytes(speedDialsToProperties([{ displayName: 'É', number: '1' }]))).toBe(
      Buffer.byteLength(JSON.stringify(speedDialsToProperties([{ displayName: 'É', number: '1' }]))),
    );
  });
});
