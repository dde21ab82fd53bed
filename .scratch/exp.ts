import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { issueKey } from '/work/main/main/core/key-format.ts';
import { SCOPE_MIX } from '/work/main/bench/fixtures.ts';
for (const variant of ['WITHOUT ROWID', '']) {
  for (const sync of ['FULL']) {
  const path = `/tmp/exp-${variant ? 'wr' : 'rowid'}.db`;
  rmSync(path, { force: true }); rmSync(path + '-wal', { force: true }); rmSync(path + '-shm', { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  db.exec(`CREATE TABLE keys (id TEXT PRIMARY KEY, name TEXT, scopes TEXT, created_at TEXT) ${variant}`);
  const ins = db.prepare('INSERT INTO keys VALUES (?,?,?,?)');
  let mid = '';
  db.transaction(() => { for (let i = 0; i < 100000; i++) { const k = issueKey(); ins.run(k.id, 'n' + i, JSON.stringify(SCOPE_MIX[i % 6]), 'x'); if (i === 50000) mid = k.id; } })();
  const st = db.prepare('SELECT * FROM keys WHERE id = ?');
  for (let i = 0; i < 1000; i++) st.get(mid);
  let t = process.hrtime.bigint();
  for (let i = 0; i < 20000; i++) st.get(mid);
  console.log(variant || 'rowid', sync, 'select', Number(process.hrtime.bigint() - t) / 20000 / 1000, 'us', 'wal pages', db.pragma('wal_checkpoint(PASSIVE)'));
  t = process.hrtime.bigint();
  for (let i = 0; i < 20000; i++) st.get(mid);
  console.log(variant || 'rowid', 'after checkpoint select', Number(process.hrtime.bigint() - t) / 20000 / 1000, 'us');
  db.close();
  }
}
