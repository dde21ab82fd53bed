/** The audit's narrow read of the keys: the same keys, in the same order, as the full listing. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addAccount, openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

it('lists the live keys of the account, oldest first, with what an audit looks at', () => {
  addAccount(t.store, 'other');
  const made = ['b', 'a', 'c', 'gone'].map((name) => {
    t.clock.advance(1000);
    return t.keys.create(t.owner(), { name, scopes: name === 'a' ? ['mail.send'] : ['stats.read'] });
  });
  t.keys.create(t.owner('other'), { name: 'elsewhere', scopes: ['mail.send'] });
  t.keys.remove(t.owner(), made[3]!.api_key_id);
  t.verifier.verify(made[0]!.api_key);

  const summaries = t.store.keys.listLiveSummaries(t.owner().account.id);
  expect(summaries.map((k) => k.name)).toEqual(['b', 'a', 'c']);
  expect(summaries).toEqual(
    t.store.keys.listLive(t.owner().account.id).map(({ api_key_id, name, access_type, scopes, origin, created_at, last_used_at }) => ({
      api_key_id, name, access_type, scopes, origin, created_at, last_used_at,
    })),
  );
  expect(summaries[0]!.last_used_at).not.toBeNull();
});
