import { fillStore, openBenchStore } from '../bench/fixtures.ts';
const bench = openBenchStore();
const { id } = fillStore(bench.store, 100000);
const db = bench.store.db;
const N = 50000;
const time = (name: string, fn: () => unknown) => { for (let i = 0; i < 2000; i++) fn(); const t = process.hrtime.bigint(); for (let i = 0; i < N; i++) fn(); console.log(name.padEnd(28), (Number(process.hrtime.bigint() - t) / N / 1000).toFixed(2), 'us'); };
const a = db.prepare('SELECT data_version, total_changes() FROM pragma_data_version').raw();
const b = db.prepare('PRAGMA data_version').pluck();
const c = db.prepare('SELECT total_changes()').pluck();
const d = db.prepare('SELECT 1').pluck();
const sel = db.prepare('SELECT digest FROM key_secrets WHERE key_id = ?');
const ver = db.prepare(`SELECT k.account_id, k.name, k.origin, k.scope_set_id, k.expires_at, k.disabled_at, k.deleted_at, s.digest, s.retires_at FROM keys k LEFT JOIN key_secrets s ON s.key_id = k.id WHERE k.id = ?`).raw();
for (let r = 0; r < 2; r++) {
time('vtab fingerprint', () => a.get());
time('pragma data_version', () => b.get());
time('select total_changes()', () => c.get());
time('select 1', () => d.get());
time('select digest', () => sel.get(id));
time('verification join .all', () => ver.all(id));
time('verification join .get', () => ver.get(id));
}
bench.close();
