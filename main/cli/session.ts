/**
 * What every CLI command works with: the open store and services, who is acting (the key in
 * KEYDESK_API_KEY, or the account owner), and how times are shown. The store and the services are
 * loaded only once a command runs (`prepare`, from commander's preAction hook), so `--help`,
 * `--version` and usage mistakes never load SQLite.
 */
import type { Command } from 'commander';
import type { Store } from '../store/store.ts';
import type { Services } from '../services/services.ts';
import type { Caller } from '../services/caller.ts';
import type * as OpenSession from './open-session.ts';
import type { Output } from './output.ts';
import { timeText, type TimeText } from './time-text.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface GlobalOptions {
  readonly db?: string;
  readonly account?: string;
  readonly local?: boolean;
}

export interface Session extends Services {
  readonly caller: Caller;
}

/**
 * What a command does to a store that is not there yet: `existing` commands (reading, or changing
 * keys that would have to exist) refuse and create nothing; `create` commands (keys create,
 * accounts create, import) make a new store, where its folder exists, and say so on stderr.
 */
export type StoreAccess = 'existing' | 'create';

/** Handed to each command module when it registers its commands. */
export interface CliContext {
  readonly env: Env;
  readonly output: Output;
  /** Opens the store, runs `work` as the acting caller, and always closes the store. */
  session<T>(work: (session: Session) => T, access?: StoreAccess): T;
  /** `session` for work that awaits (file I/O): the store stays open until the work settles. */
  sessionAsync<T>(work: (session: Session) => Promise<T>, access?: StoreAccess): Promise<T>;
  /** The store file the global options and KEYDESK_DB name (checked: never empty). */
  storePath(): string;
  /** The store itself, for a command that runs its own services (serve); the caller closes it. */
  openStore(access?: StoreAccess): Store;
  /** A time for people, with its zone: UTC, or the machine's zone with --local. */
  time: TimeText;
  /** Sets the exit code for a command that completed but must report failure (e.g. a rejected key). */
  exit(code: number): void;
}

type Opener = typeof OpenSession;

export interface PreparedContext extends CliContext {
  /** Loads the store and services; run before any command's action. */
  prepare(): Promise<void>;
}

export function createCliContext(program: Command, env: Env, output: Output, exit: (code: number) => void): PreparedContext {
  let opener: Opener | undefined;
  const loaded = (): Opener => {
    if (!opener) throw new Error('the CLI session was used before prepare()');
    return opener;
  };
  const open = (access: StoreAccess) => loaded().openSession(program.opts<GlobalOptions>(), env, access, output);
  return {
    env,
    output,
    exit,
    async prepare() {
      opener ??= await import('./open-session.ts');
    },
    storePath: () => loaded().storePathFrom(program.opts<GlobalOptions>(), env),
    openStore: (access = 'existing') => loaded().openCommandStore(program.opts<GlobalOptions>(), env, access, output),
    time: (iso, never) => timeText(program.opts<GlobalOptions>().local === true)(iso, never),
    session(work, access = 'existing') {
      const session = open(access);
      try {
        return loaded().namingStoreFailures(session.store, () => work(session));
      } finally {
        session.store.close();
      }
    },
    async sessionAsync(work, access = 'existing') {
      const session = open(access);
      try {
        return await loaded().namingStoreFailuresAsync(session.store, () => work(session));
      } finally {
        session.store.close();
      }
    },
  };
}
