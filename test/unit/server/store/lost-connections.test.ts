import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isConnectionLost } from '../../../../src/server/store';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  it.each([
    ['the server shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['a crash shutdown (57P02)', withCode('57P02')],
    ['the server starting (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['a refused socket', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset socket', withCode('ECONNRESET')],
    ['a connection the server closed', new Error('Connection terminated unexpectedly')],
  ])('is true for %s', (_, error) => {
    expect(isConnectionLost(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a division by zero', withCode('22012')],
    ['a syntax error', withCode('42601')],
    ['a plain error', new Error('no')],
    ['a string', 'Connection lost?'],
    ['undefined', undefined],
  ])('is false for %s', (_, error) => {
    expect(isConnectionLost(error)).toBe(false);
  });
});

describe('exitOnUnexpectedRejections (a process of its own)', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const run = (rejection: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { exitOnUnexpectedRejections } = require('./src/server/main');
         const { createLogger } = require('./src/server/logging/create-logger');
         exitOnUnexpectedRejections(createLogger({ level: 'info' }));
         Promise.reject(${rejection});
         setTimeout(() => { console.log('still running'); process.exit(0); }, 300);`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    );

  it('stays up, with a warning, when a background statement lost its database connection', () => {
    const result = run(`Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('"code":"database_unreachable_in_background"');
    expect(result.stdout).toContain('still running');
  }, 60_000);

  it('logs any other unhandled rejection and exits 1', () => {
    const result = run(`new Error('a bug')`);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('"code":"unhandled_rejection"');
    expect(result.stdout).not.toContain('still running');
  }, 60_000);
});
