/**
 * Worker thread of the pull benchmark (#13): Keydesk's local API over a temp store holding
 * `workerData.accounts` accounts of `workerData.keysPerAccount` keys each (a parent and its
 * subusers, mixed scope sets), on its own thread so the client under test does not share its event
 * loop. Posts `{url, key}` (the key the pull reads with, held by the parent); stops on 'stop'.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { startLocalApi } from '../main/server/local-api.ts';
import { OWNER } from '../main/services/caller.ts';
import { createServices } from '../main/services/services.ts';
import { openStore } from '../main/store/store.ts';
import { tempDir } from '../test/helpers/temp-store.ts';
import { SCOPE_MIX } from './fixtures.ts';

export interface PullServerReady {
  readonly url: string;
  readonly key: string;
}

export interface PullServerSize {
  readonly accounts: number;
  readonly keysPerAccount: number;
}

const { accounts: PULL_ACCOUNTS, keysPerAccount: KEYS_PER_ACCOUNT } = workerData as PullServerSize;

const dir = tempDir('keydesk-bench-pull-');
const store = openStore(join(dir, 'keydesk.db'));
const services = createServices(store);
const parent = store.accounts.byName('default')!;
const owner = (account = parent) => ({ actor: OWNER, account, via: 'cli' as const });
// One commit for all of it (nested writes are savepoints).
const key = store.write(() => {
  const reader = services.keys.create(owner(), { name: 'bench auditor', scopes: ['api_keys.read', 'subusers.read'] });
  const accounts = [parent, ...Array.from({ length: PULL_ACCOUNTS - 1 }, (_, i) => services.accounts.create(owner(), { name: `subuser-${String(i + 1).padStart(2, '0')}`, parent: 'default' }))];
  for (const account of accounts) {
    const record = store.accounts.byName(account.name)!;
    const count = record.id === parent.id ? KEYS_PER_ACCOUNT - 1 : KEYS_PER_ACCOUNT;
    for (let i = 0; i < count; i++) services.keys.create(owner(record), { name: `${account.name} key ${i}`, scopes: [...SCOPE_MIX[i % SCOPE_MIX.length]!] });
  }
  return reader.api_key;
});
const api = await startLocalApi(services, { port: 0 });

parentPort!.once('message', async () => {
  await api.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  parentPort!.close();
});
parentPort!.postMessage({ url: api.url, key } satisfies PullServerReady);
