/** Generated stores for benchmarks: many keys, inserted fast, in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueKey } from '../main/core/key-format.ts';
import { accessTypeOf, FULL_ACCESS_SCOPES, scopesForLevels } from '../common/permissions.ts';
import type { KeyRecord } from '../common/records.ts';
import { openStore, type Store } from '../main/store/store.ts';
// Benchmarks' stores are sealed like any (seal-keys.ts): their keys go to a temp config area, never the user's.
import '../test/helpers/private-config-home.ts';

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
  return { dir, path, store, close: () => (store.db.open && store.close(), rmSync(dir, { recursive: true, force: true })) };
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

const START = Date.parse('2024-01-01T00:00:00Z');
const minutes = (n: number) => new Date(START + n * 60_000).toISOString();

/**
 * The i-th generated key's metadata. The mix exercises every branch a report takes: used and
 * never-used keys, imported records, disabled keys, keys expired or expiring, and names a
 * spreadsheet would run as formulas or a CSV writer must quote.
 */
function generatedKey(i: number, id: string, last4: string, types: readonly KeyRecord['access_type'][]): KeyRecord {
  const imported = i % 10 === 9;
  const name =
    i % 97 === 0 ? `=HYPERLINK("x") service ${i}` : i % 89 === 0 ? `service ${i}, "ci"` : `service ${i} ${['mailer', 'dashboard', 'billing', 'ci'][i % 4]}`;
  return {
    api_key_id: id,
    account_id: 1,
    name,
    access_type: types[i % types.length]!,
    scopes: SCOPE_MIX[i % SCOPE_MIX.length]!,
    origin: imported ? 'imported' : 'issued',
    last4: imported ? null : last4,
    created_at: minutes(i),
    updated_at: minutes(i + (i % 3)),
    last_used_at: i % 3 === 0 ? minutes(i + 1000) : null,
    last_used_by: i % 3 === 0 ? 'worker' : null,
    expires_at: i % 7 === 0 ? minutes(i + 5000) : i % 7 === 1 ? '2099-01-01T00:00:00.000Z' : null,
    disabled_at: i % 13 === 0 ? minutes(i + 60) : null,
    deleted_at: null,
  };
}

/** Whether the generated key can be verified: issued here, enabled, no expiry. */
const verifiable = (key: KeyRecord) => key.origin === 'issued' && key.disabled_at === null && key.expires_at === null;

/**
 * Inserts `count` keys into the default account straight through SQL (one transaction), the way an
 * import of a large inventory would leave the store. Returns one real, verifiable key.
 */
export function fillStore(store: Store, count: number): { apiKey: string; id: string } {
  const types = SCOPE_MIX.map((scopes) => accessTypeOf(scopes));
  let sample = { apiKey: '', id: '' };
  store.write(() => {
    for (let i = 0; i < count; i++) {
      const key = issueKey();
      const record = generatedKey(i, key.id, key.last4, types);
      store.keys.insert(record);
      if (record.origin === 'issued') store.keys.setCurrentSecret(key.id, key.digest);
      if (i >= count >> 1 && !sample.id && verifiable(record)) sample = { apiKey: key.apiKey, id: key.id };
    }
  });
  return sample;
}
