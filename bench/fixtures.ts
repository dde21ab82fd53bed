/** Generated stores for benchmarks: many keys, inserted fast, in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueKey } from '../main/core/key-format.ts';
import { accessTypeOf, FULL_ACCESS_SCOPES, scopesForLevels } from '../main/core/permissions.ts';
import { openStore, type Store } from '../main/store/store.ts';

export interface BenchStore {
  readonly dir: string;
  readonly path: string;
  readonly store: Store;
  close(): void;
}

export function openBenchStore(prefix = 'keydesk-bench-'): BenchStore {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'keydesk.db');
  const store = openStore(path);
  return { dir, path, store, close: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** A realistic mix of scope sets: full keys, mailers, read-only dashboards, billing. */
export const SCOPE_MIX: readonly (readonly string[])[] = [
  FULL_ACCESS_SCOPES,
  scopesForLevels({ mail_send: 'full' }),
  scopesForLevels({ mail_send: 'full', stats: 'read', suppressions: 'read' }),
  scopesForLevels({ stats: 'read', email_activity: 'read', template_engine: 'read' }),
  scopesForLevels({ api_keys: 'full', alerts: 'full', mail_settings: 'full', tracking: 'read' }),
  scopesForLevels({ billing: 'read' }),
];

/**
 * Inserts `count` keys into the default account straight through SQL (one transaction), the way an
 * import of a large inventory would leave the store. Returns one real, verifiable key.
 */
export function fillStore(store: Store, count: number): { apiKey: string; id: string } {
  const types = SCOPE_MIX.map((scopes) => accessTypeOf(scopes));
  let sample = { apiKey: '', id: '' };
  const start = Date.parse('2024-01-01T00:00:00Z');
  store.write(() => {
    for (let i = 0; i < count; i++) {
      const key = issueKey();
      const at = new Date(start + i * 60_000).toISOString();
      store.keys.insert({
        api_key_id: key.id,
        account_id: 1,
        name: `service ${i} ${['mailer', 'dashboard', 'billing', 'ci'][i % 4]}`,
        access_type: types[i % types.length]!,
        scopes: SCOPE_MIX[i % SCOPE_MIX.length]!,
        origin: 'issued',
        last4: key.last4,
        created_at: at,
        updated_at: at,
        last_used_at: null,
        last_used_by: null,
        expires_at: null,
        disabled_at: null,
        deleted_at: null,
      });
      store.keys.setCurrentSecret(key.id, key.digest);
      if (i === count >> 1) sample = { apiKey: key.apiKey, id: key.id };
    }
  });
  return sample;
}
