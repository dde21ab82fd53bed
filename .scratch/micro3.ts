import { createHash, timingSafeEqual } from 'node:crypto';
import { fillStore, openBenchStore } from '../bench/fixtures.ts';
import { createVerifier } from '../main/services/verify.ts';
import { systemClock } from '../main/services/caller.ts';
const bench = openBenchStore();
const { apiKey, id } = fillStore(bench.store, 100000);
const v = createVerifier(bench.store, systemClock);
const db = bench.store.db;
const sel = db.prepare('SELECT digest FROM keys WHERE id = ?');
const ver = db.prepare('SELECT account_id, name, origin, scope_set_id, digest, expires_at, disabled_at, deleted_at FROM keys WHERE id = ?').raw();
const N = 50000;
const time = (name: string, fn: () => unknown) => { for (let i = 0; i < 2000; i++) fn(); const t = process.hrtime.bigint(); for (let i = 0; i < N; i++) fn(); console.log(name.padEnd(20), (Number(process.hrtime.bigint() - t) / N / 1000).toFixed(2), 'us'); };
for (let r = 0; r < 2; r++) {
time('verify', () => v.verify(apiKey));
time('baseline', () => { const d = createHash('sha256').update(apiKey).digest(); timingSafeEqual(sel.get(id).digest, d); });
time('select digest', () => sel.get(id));
time('select 8 raw', () => ver.get(id));
time('verificationRow', () => bench.store.keys.verificationRow(id));
}
bench.close();
