/** #1 verify of a valid key in a store of 100,000 keys, against hash + one indexed SELECT + compare. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createVerifier } from '../../main/services/verify.ts';
import { systemClock } from '../../main/services/caller.ts';
import { comparePair, ratioCase, type CaseResult } from '../harness.ts';
import { fillStore, openBenchStore } from '../fixtures.ts';

export function benchVerify(keys = 100_000): CaseResult {
  const bench = openBenchStore();
  try {
    const { apiKey, id } = fillStore(bench.store, keys);
    const verifier = createVerifier(bench.store, systemClock);
    const select = bench.store.db.prepare<[string], { digest: Buffer }>('SELECT digest FROM keys WHERE id = ?');
    const timings = comparePair({
      keydesk: () => {
        if (!verifier.verify(apiKey).ok) throw new Error('verify failed');
      },
      baseline: () => {
        const digest = createHash('sha256').update(apiKey).digest();
        const row = select.get(id)!;
        if (!timingSafeEqual(row.digest, digest)) throw new Error('baseline mismatch');
      },
    }, { rounds: 40, opsPerRound: 2000 });
    return ratioCase('1', `verify, store of ${keys.toLocaleString('en')} keys`, timings, 1.3);
  } finally {
    bench.close();
  }
}
