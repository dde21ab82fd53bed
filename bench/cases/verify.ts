/** #1 verify of a valid key in a store of 100,000 keys, against hash + one indexed read of what decides the key + compare. */
import { hash, timingSafeEqual } from 'node:crypto';
import { createVerifier } from '../../main/services/verify.ts';
import { systemClock } from '../../main/services/caller.ts';
import { comparePair, ratioCase, type CaseResult } from '../harness.ts';
import { fillStore, openBenchStore } from '../fixtures.ts';

/** Why verification costs more than its floor, for a run that misses the goal. */
const missNote = (extraUs: number) =>
  `verify does ${extraUs.toFixed(1)} µs more than the floor, which reads the same row in the same lookup: it checks the key's ` +
  "shape (a regular expression, about 0.2 µs), tells a deleted key from one imported or pulled (its status comes from SQLite " +
  'as one number), reads the clock once (expiry and last use) and records last use at most once a minute. None of it can go ' +
  'without dropping a check. What might take off 1-2% more: the clock read as milliseconds rather than a Date (the Clock ' +
  'port), and the row used as it comes rather than made into an object. The ratio also grows with the load on the machine ' +
  '(load_average in bench/results.json).';

export function benchVerify(keys = 100_000): CaseResult {
  const bench = openBenchStore();
  try {
    const { apiKey } = fillStore(bench.store, keys);
    const verifier = createVerifier(bench.store, systemClock);
    // The least work that does verify's job. Until 2026-12-05 the floor read the digest alone,
    // which does less than that job: it accepted a disabled or expired key, and could not say whose
    // key it was or what it may do. Now it reads, in the same one indexed lookup, what decides
    // whether the key may be used and what for (disabled, expiry, account, scope set), raw as
    // Keydesk reads its row. Deleted and imported keys it still turns away for free: neither has a
    // digest. It takes the key's ID from the presented key, as Keydesk must (it was handed the ID
    // ready-made before). What it leaves to Keydesk: the key's shape, telling deleted from imported, the
    // rolled secret's grace and the last-use record.
    const select = bench.store.db.prepare<[string], [Buffer | null, string | null, string | null, number, number]>(
      'SELECT digest, disabled_at, expires_at, account_id, scope_set_id FROM keys WHERE id = ?',
    ).raw();
    const timings = comparePair({
      keydesk: () => {
        if (!verifier.verify(apiKey).ok) throw new Error('verify failed');
      },
      baseline: () => {
        // The quickest SHA-256 Node offers: the floor must not pay for a Hash object Keydesk avoids.
        const digest = hash('sha256', apiKey, 'buffer');
        const [stored, disabledAt, expiresAt, accountId, scopeSetId] = select.get(apiKey.slice(3, 25))!;
        if (!stored || !timingSafeEqual(stored, digest)) throw new Error('baseline mismatch');
        if (disabledAt !== null || (expiresAt !== null && Date.parse(expiresAt) <= Date.now())) throw new Error('baseline refused');
        return { accountId, scopeSetId };
      },
    }, { rounds: 100, opsPerRound: 1000 });
    const extraUs = timings.keydesk.medianUs - timings.baseline.medianUs;
    const result = ratioCase('1', `verify, store of ${keys.toLocaleString('en')} keys`, timings, 1.15);
    return result.pass ? result : { ...result, note: missNote(extraUs) };
  } finally {
    bench.close();
  }
}
