/** Migration 0009: annotations and reviews get tables of their own; an older store's keys come through untouched. */
import { expect, it } from 'vitest';
import { openStore } from '../../../main/store/store.ts';
import { schemaVersion } from '../../../main/store/migrations/index.ts';
import { createServices } from '../../../main/services/services.ts';
import { OWNER } from '../../../main/services/caller.ts';
import { storeAtPreviousSchema } from '../../helpers/store-files.ts';
import { tempStoreFile } from '../../helpers/temp-store.ts';

it('upgrades a store with keys: they keep their rows, start with no annotation and can be annotated and reviewed', () => {
  const { path } = tempStoreFile();
  const ids = storeAtPreviousSchema(path, 2);
  const store = openStore(path);
  try {
    expect(schemaVersion(store.db)).toBe(9);
    const s = createServices(store);
    const caller = { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const };
    expect(s.keys.list(caller).map((k) => k.api_key_id).sort()).toEqual([...ids].sort());
    expect(s.annotations.get(caller, ids[0]!)).toEqual({ owner: null, purpose: null, tags: [] });
    s.annotations.annotate(caller, ids, { owner: 'ops@example.com' });
    expect(s.reviews.start(caller, { reviewer: 'alice', policy: { rotationDays: 90, departedOwners: [] } }).items.map((i) => i.key.owner)).toEqual([
      'ops@example.com',
      'ops@example.com',
    ]);
  } finally {
    store.close();
  }
});
