// The functions' database handle: opened once per process (kept on globalThis so module reloads in the
// local runtime never open the embedded database twice) and shared by every request.
import { openDatabase, parseDatabaseUrl, type Database } from '../../db/client.js';
import { serverEnv } from './env.js';

const holder = globalThis as { __switchboardDb?: Promise<Database> };

export function database(): Promise<Database> {
  if (!holder.__switchboardDb) {
    const opening = openDatabase(parseDatabaseUrl(serverEnv().databaseUrl));
    holder.__switchboardDb = opening;
    opening.catch(() => {
      if (holder.__switchboardDb === opening) holder.__switchboardDb = undefined;
    });
  }
  return holder.__switchboardDb;
}

/** Lets the local runtime and tests hand in an already-open database. */
export function useDatabase(db: Database): void {
  holder.__switchboardDb = Promise.resolve(db);
}
