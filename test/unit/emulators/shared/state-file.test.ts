/**
 * The emulators' saved state on disk: Maps and Sets survive the JSON, a write replaces the file
 * whole, and a file that cannot be used (not JSON, another emulator's, another format version,
 * the wrong shape) is refused with a message that names the file and the reason.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeState, encodeState } from '../../../../src/emulators/shared/state-codec';
import { readStateFile, StateFileError, writeStateFile } from '../../../../src/emulators/shared/state-file';
import { requireFields, StateShapeError } from '../../../../src/emulators/shared/state-shape';

const ID = { emulator: 'graph', version: 1 };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wso-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string): StateFileError {
  try {
    readStateFile(path, ID);
  } catch (e) {
    if (e instanceof StateFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('the state codec', () => {
  it('keeps Maps and Sets, nested in plain data, through JSON', () => {
    const value = {
      series: [
        {
          tags: new Map([['client', ['a', 'b']]]),
          cancelled: new Set(['20310506T080000Z']),
          nested: new Map([['k', { known: new Map([[1, 2]]) }]]),
        },
      ],
    };
    expect(decodeState(encodeState(value))).toEqual(value);
  });

  it('leaves objects alone that merely have a key like the tags among others', () => {
    const value = { $map: [['a', 1]], other: true };
    expect(decodeState(encodeState(value))).toEqual(value);
  });
});

describe('a state file', () => {
  it('is read back as written, and a write leaves no temporary file behind', () => {
    const path = join(dir, 'graph.json');
    writeStateFile(path, ID, { events: [1, 2], known: new Set(['x']) });
    writeStateFile(path, ID, { events: [1, 2, 3], known: new Set(['x', 'y']) });
    expect(readStateFile(path, ID)).toEqual({ events: [1, 2, 3], known: new Set(['x', 'y']) });
    expect(readdirSync(dir)).toEqual(['graph.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(
      expect.objectContaining({ format: 'webex-scheduler-emulator-state', emulator: 'graph', version: 1 }),
    );
  });

  it('is no saved state when it does not exist', () => {
    expect(readStateFile(join(dir, 'graph.json'), ID)).toBeUndefined();
  });

  it('is refused, naming the file and why, when it is not JSON (cut short, say)', () => {
    const path = join(dir, 'graph.json');
    writeFileSync(path, '{"format":"webex-scheduler-emulator-state","emulator":"graph","vers');
    const e = refusal(path);
    expect(e.message).toMatch(
      new RegExp(`^The saved emulator state in ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be used: it is not valid JSON \\(`),
    );
  });

  it('is refused when it was written in an older or a newer format', () => {
    const path = join(dir, 'graph.json');
    writeStateFile(path, { emulator: 'graph', version: 0 }, {});
    expect(refusal(path).reason).toBe('it was written in an older format (version 0; this version of the emulator reads version 1)');
    writeStateFile(path, { emulator: 'graph', version: 2 }, {});
    expect(refusal(path).reason).toBe('it was written in a newer format (version 2; this version of the emulator reads version 1)');
  });

  it('is refused when it is another emulator’s, or not a state file at all', () => {
    const path = join(dir, 'graph.json');
    writeStateFile(path, { emulator: 'webex', version: 1 }, {});
    expect(refusal(path).reason).toBe("it holds the webex emulator's state, not the graph emulator's");
    writeFileSync(path, JSON.stringify({ hello: 'world' }));
    expect(refusal(path).reason).toBe('it is not an emulator state file');
  });
});

describe('the shape check of a saved state', () => {
  it('names the first field that is missing or of the wrong kind', () => {
    expect(() => requireFields({ events: [], counter: '1' }, { events: 'array', counter: 'number' }, 'graph')).toThrow(
      new StateShapeError('graph.counter should be a number, not string'),
    );
    expect(() => requireFields({ events: [] }, { events: 'array', tags: 'map' }, 'webex')).toThrow(
      new StateShapeError('webex.tags should be a map, not undefined'),
    );
    expect(requireFields({ tags: new Map() }, { tags: 'map' }, 'webex')).toEqual({ tags: new Map() });
  });
});
