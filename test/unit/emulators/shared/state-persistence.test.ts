/**
 * Write-through: what a request changed is in the state file before its answer reaches the client,
 * a request that changed nothing writes nothing, and changes made outside requests are written by
 * the background check.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStateFile } from '../../../../src/emulators/shared/state-file';
import { persistState, type PersistedState } from '../../../../src/emulators/shared/state-persistence';

const ID = { emulator: 'webex', version: 1 };
let dir: string;
let app: FastifyInstance;
let persisted: PersistedState;
const world = { meetings: [] as string[] };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wso-persist-'));
  world.meetings = [];
  app = Fastify();
  app.post<{ Body: { title: string } }>('/meetings', async (req) => {
    world.meetings.push(req.body.title);
    return { ok: true };
  });
  app.get('/meetings', async () => ({ items: world.meetings }));
  persisted = persistState({ app, path: join(dir, 'webex.json'), id: ID, snapshot: () => world, backgroundMs: 20 });
  await app.listen({ port: 0, host: '127.0.0.1' });
});

afterEach(async () => {
  persisted.stopBackground();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (path: string) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}${path}`;
const saved = () => readStateFile(join(dir, 'webex.json'), ID) as typeof world;

it('writes the state as it is when it starts', () => {
  expect(saved()).toEqual({ meetings: [] });
});

it('has a request’s change on disk by the time its answer arrives', async () => {
  const res = await fetch(url('/meetings'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Kept' }),
  });
  expect(res.status).toBe(200);
  expect(saved()).toEqual({ meetings: ['Kept'] });
});

it('does not write again for a request that changed nothing', async () => {
  persisted.stopBackground();
  // Every write is a new file renamed into place, so an unchanged inode means no write.
  const before = statSync(join(dir, 'webex.json')).ino;
  await fetch(url('/meetings'));
  expect(statSync(join(dir, 'webex.json')).ino).toBe(before);
});

it('writes a change made outside any request by the background check', async () => {
  world.meetings.push('Delivered later');
  const deadline = Date.now() + 5000;
  while (saved().meetings.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(saved()).toEqual({ meetings: ['Delivered later'] });
});
