/**
 * `npm run reset`: removes the saved local world (scripts/local-world.ts) so that the next
 * `npm start` begins from the seed, and says what it removed. Refuses while the local stack is
 * running (it would write its world back) and with MS_CLIENT_ID set (there is no local world then).
 */
import { loadConfigOrExit } from '../src/server/config';
import { localWorld, portsInUse, wipeLocalWorld } from './local-world';

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  if (config.mode === 'production' || !config.emulators) {
    console.error('MS_CLIENT_ID is set: there is no local world to reset (the backend talks to the real services).');
    return 1;
  }
  const { identity, graph, webex } = config.emulators;
  const busy = await portsInUse([identity, graph, webex, config.port]);
  if (busy.length > 0) {
    console.error(`Something listens on port ${busy.join(', ')}: stop the local stack (Ctrl-C in npm start) before resetting it.`);
    return 1;
  }
  const world = localWorld(config.dataDir);
  const removed = wipeLocalWorld(world, { database: !config.databaseUrl });
  if (removed.length === 0) console.log(`No saved local world in ${world.dataDir}: nothing to remove.`);
  else console.log(`Removed the saved local world: ${removed.join(' and ')}.`);
  if (config.databaseUrl)
    console.log('The backend database at DATABASE_URL is not touched: clear it yourself if it should start over too.');
  console.log('The next npm start begins from the seed.');
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    console.error(`Could not reset the local world: ${(e as Error).message}`);
    process.exit(1);
  });
