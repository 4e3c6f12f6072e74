import {
  buildMarker,
  CUSTOM_PROPERTIES_MAX_LENGTH,
  customPropertiesValue,
  customPropertiesWithMarker,
  customPropertiesWithoutMarker,
  extendedPropertyExpand,
  extendedPropertyId,
  MARKER_PROPERTY_NAME,
  MarkerError,
  markerFromCustomProperties,
  markerFromExtendedProperties,
  parseMarker,
  type MeetingMarker,
} from '../../../../src/core/marker';

const ADDIN_ID = '8D1F6A3B-2C4E-4F5A-9B7C-0D1E2F3A4B5C';
const PROPERTY_ID = 'String {00020329-0000-0000-C000-000000000046} Name cecp-8d1f6a3b-2c4e-4f5a-9b7c-0d1e2f3a4b5c';
const marker: MeetingMarker = { version: 1, meetingId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', createdAt: '2024-03-04T14:00:00.000Z' };

function markerErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof MarkerError ? e.code : `not a MarkerError: ${String(e)}`;
  }
  return undefined;
}

describe('building the marker', () => {
  it('names the meeting, the version and when it was created', () => {
    expect(buildMarker({ meetingId: marker.meetingId, createdAt: new Date('2024-03-04T14:00:00Z') })).toEqual(marker);
  });

  it('names the series of an occurrence’s meeting', () => {
    expect(
      buildMarker({ meetingId: 'series_20240304T140000Z', seriesId: 'series', createdAt: '2024-03-04T14:00:00Z', version: 2 }),
    ).toEqual({
      version: 2,
      meetingId: 'series_20240304T140000Z',
      seriesId: 'series',
      createdAt: '2024-03-04T14:00:00.000Z',
    });
  });

  it('fits in the custom properties with the longest ids it accepts', () => {
    const big = buildMarker({ meetingId: 'm'.repeat(512), seriesId: 's'.repeat(512), createdAt: new Date() });
    expect(JSON.stringify({ [MARKER_PROPERTY_NAME]: big }).length).toBeLessThanOrEqual(CUSTOM_PROPERTIES_MAX_LENGTH);
  });

  it.each([
    ['no meeting id', { meetingId: ' ', createdAt: new Date() }],
    ['a meeting id with a line break', { meetingId: 'a\nb', createdAt: new Date() }],
    ['an overlong meeting id', { meetingId: 'm'.repeat(513), createdAt: new Date() }],
    ['an invalid date', { meetingId: 'm', createdAt: 'yesterday' }],
    ['version 0', { meetingId: 'm', createdAt: new Date(), version: 0 }],
    ['an empty series id', { meetingId: 'm', seriesId: '', createdAt: new Date() }],
  ])('refuses %s as marker_invalid', (_name, input) => {
    expect(markerErrorCode(() => buildMarker(input))).toBe('marker_invalid');
  });
});

describe('reading a marker back', () => {
  it.each<[string, unknown]>([
    ['the object', marker],
    ['its JSON (clients that keep values as strings)', JSON.stringify(marker)],
    ['an object with fields a later version added', { ...marker, version: 3, colour: 'blue' }],
  ])('reads %s', (_name, value) => {
    expect(parseMarker(value)).toMatchObject({ meetingId: marker.meetingId, createdAt: marker.createdAt });
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['text that is not JSON', '{"meetingId":'],
    ['an array', [marker]],
    ['an empty object', {}],
    ['a numeric meeting id', { ...marker, meetingId: 12 }],
    ['a date that is not one', { ...marker, createdAt: 'soon' }],
    ['a version that is text', { ...marker, version: '1' }],
    ['version 0', { ...marker, version: 0 }],
    ['a prototype trick', JSON.parse('{"__proto__":{"meetingId":"x"},"createdAt":"2024-03-04T14:00:00Z","version":1}')],
  ])('gives undefined for %s', (_name, value) => {
    expect(parseMarker(value)).toBeUndefined();
  });
});

describe('the Graph extended property', () => {
  it.each([ADDIN_ID, `{${ADDIN_ID}}`, `urn:uuid:${ADDIN_ID.toLowerCase()}`, `  ${ADDIN_ID.toLowerCase()} `])(
    'is named after the add-in id %j ([MS-OXCEXT] 2.2.5)',
    (id) => {
      expect(extendedPropertyId(id)).toBe(PROPERTY_ID);
    },
  );

  it('is what $expand asks Graph for', () => {
    expect(extendedPropertyExpand(ADDIN_ID)).toBe(`singleValueExtendedProperties($filter=id eq '${PROPERTY_ID}')`);
  });

  it.each(['', 'not-a-guid', `${ADDIN_ID}' or id ne '`, '8D1F6A3B2C4E4F5A9B7C0D1E2F3A4B5C'])('refuses %j as an add-in id', (id) => {
    expect(markerErrorCode(() => extendedPropertyId(id))).toBe('addin_id_invalid');
  });

  const value = JSON.stringify({ [MARKER_PROPERTY_NAME]: marker, otherSetting: true });
  const props = [
    {
      id: 'String {00020329-0000-0000-C000-000000000046} Name cecp-ffffffff-2c4e-4f5a-9b7c-0d1e2f3a4b5c',
      value: JSON.stringify({ [MARKER_PROPERTY_NAME]: { ...marker, meetingId: 'other' } }),
    },
    // Graph may answer with the GUID in another case.
    { id: PROPERTY_ID.replace('C000', 'c000'), value },
  ];

  it('gives our marker from an event’s extended properties', () => {
    expect(markerFromExtendedProperties(props, ADDIN_ID)).toEqual(marker);
    expect(customPropertiesValue(props, ADDIN_ID)).toBe(value);
  });

  it.each<[string, unknown]>([
    ['no properties', undefined],
    ['not a list', { id: PROPERTY_ID, value }],
    ['another add-in’s property only', props.slice(0, 1)],
    ['a value that is not JSON', [{ id: PROPERTY_ID, value: 'oops' }]],
    ['a JSON array', [{ id: PROPERTY_ID, value: '[1]' }]],
    ['custom properties without our key', [{ id: PROPERTY_ID, value: '{"otherSetting":true}' }]],
    ['garbage entries', [null, 3, { id: 7 }]],
  ])('gives undefined for %s', (_name, p) => {
    expect(markerFromExtendedProperties(p, ADDIN_ID)).toBeUndefined();
  });
});

describe('writing the custom properties back through Graph', () => {
  it('sets our marker and keeps the add-in’s other custom properties', () => {
    const next = { ...marker, meetingId: 'copy' };
    const written = customPropertiesWithMarker(JSON.stringify({ [MARKER_PROPERTY_NAME]: marker, otherSetting: true }), next);
    expect(JSON.parse(written)).toEqual({ [MARKER_PROPERTY_NAME]: next, otherSetting: true });
    expect(markerFromCustomProperties(written)).toEqual(next);
  });

  it('replaces a value that is not JSON', () => {
    expect(JSON.parse(customPropertiesWithMarker('garbage', marker))).toEqual({ [MARKER_PROPERTY_NAME]: marker });
    expect(JSON.parse(customPropertiesWithMarker(undefined, marker))).toEqual({ [MARKER_PROPERTY_NAME]: marker });
  });

  it('refuses to go over 2,500 characters', () => {
    const crowded = JSON.stringify({ notes: 'x'.repeat(2400) });
    expect(markerErrorCode(() => customPropertiesWithMarker(crowded, marker))).toBe('marker_too_large');
  });

  it('removes our marker and keeps the rest', () => {
    expect(customPropertiesWithoutMarker(JSON.stringify({ [MARKER_PROPERTY_NAME]: marker, otherSetting: true }))).toBe(
      '{"otherSetting":true}',
    );
    expect(customPropertiesWithoutMarker(JSON.stringify({ [MARKER_PROPERTY_NAME]: marker }))).toBe('{}');
  });
});
