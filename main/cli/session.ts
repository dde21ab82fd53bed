/**
 * What every CLI command works with: the open store and services, and who is acting — the key in
 * KEYDESK_API_KEY, or the account owner.
 */
import type { Command } from 'commander';
import { KeydeskError, notFound } from '../../common/errors.ts';
import { DEFAULT_ACCOUNT } from '../store/account-table.ts';
import { resolveDatabasePath } from '../store/location.ts';
import { backupTakenAt, newestUsableBackup } from '../store/backups.ts';
import { StoreRefused } from '../store/database.ts';
import { openStore, type Store } from '../store/store.ts';
import { OWNER, type Caller } from '../services/caller.ts';
import { createServices, type Services } from '../services/services.ts';
import type { Output } from './output.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface GlobalOptions {
  readonly db?: string;
  readonly account?: string;
}

export interface Session extends Services {
  readonly caller: Caller;
}

/** Handed to each command module when it registers its commands. */
export interface CliContext {
  readonly env: Env;
  readonly output: Output;
  /** Opens the store, runs `work` as the acting caller, and always closes the store. */
  session<T>(work: (session: Session) => T): T;
  /** `session` for work that awaits (file I/O): the store stays open until the work settles. */
  sessionAsync<T>(work: (session: Session) => Promise<T>): Promise<T>;
  /** Sets the exit code for a command that completed but must report failure (e.g. a rejected key). */
  exit(code: number): void;
}

/** Opens the store; when it is refused as damaged, the error also names the backup that can replace it. */
function openStoreOrPointAtBackup(path: string): Store {
  try {
    return openStore(path);
  } catch (error) {
    if (!(error instanceof StoreRefused) || (error.reason !== 'damaged' && error.reason !== 'upgrade_failed')) throw error;
    const backup = newestUsableBackup(path);
    if (!backup) throw error;
    throw new KeydeskError(error.code, [
      ...error.errors,
      { field: 'backup', message: `a backup taken ${backupTakenAt(backup)} (${backup.name}) can replace it: keydesk restore-backup --latest` },
    ]);
  }
}

export function openSession(options: GlobalOptions, env: Env): Session {
  const store = openStoreOrPointAtBackup(resolveDatabasePath(options.db, env));
  try {
    const services = createServices(store);
    const presented = env.KEYDESK_API_KEY;
    if (presented !== undefined) {
      const result = services.verifier.verify(presented.trim(), { caller: 'cli' });
      if (!result.ok) {
        throw new KeydeskError('UNAUTHORIZED', [{ field: 'KEYDESK_API_KEY', message: result.message }]);
      }
      const account = store.accounts.byId(result.key.account_id)!;
      if (options.account !== undefined && options.account !== account.name) {
        throw new KeydeskError('FORBIDDEN', [{ field: '--account', message: 'access forbidden' }]);
      }
      const actor = { kind: 'key', keyId: result.key.api_key_id, accountId: account.id, scopes: result.key.scopes } as const;
      return { ...services, caller: { actor, account, via: 'cli' } };
    }
    const name = options.account ?? DEFAULT_ACCOUNT;
    const account = store.accounts.byName(name);
    if (!account) throw notFound(`unknown account "${name}"`, '--account');
    return { ...services, caller: { actor: OWNER, account, via: 'cli' } };
  } catch (error) {
    store.close();
    throw error;
  }
}

export function createCliContext(program: Command, env: Env, output: Output, exit: (code: number) => void): CliContext {
  return {
    env,
    output,
    exit,
    session(work) {
      const session = openSession(program.opts<GlobalOptions>(), env);
      try {
        return work(session);
      } finally {
        session.store.close();
      }
    },
    async sessionAsync(work) {
      const session = openSession(program.opts<GlobalOptions>(), env);
      try {
        return await work(session);
      } finally {
        session.store.close();
      }
    },
  };
}
