import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  const owner = t.owner();
  for (const name of ['one', 'two', 'three', 'four']) {
    const { api_key_id } = t.keys.create(owner, { name, scopes: ['mail.send'] });
    t.keys.rename(owner, api_key_id, `${name} renamed`);
  }
});
afterEach(() => t.close());

/** Tampering as an attacker with the sqlite3 shell would: drop the guard triggers first. */
function tamper(sql: string): void {
  t.store.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  t.store.db.exec(sql);
}

describe('audit log hash chain', () => {
  it('records every change with actor, action, key and before/after', () => {
    const entries = t.store.audit.list();
    expect(entries).toHaveLength(8);
    expect(entries[0]).toMatchObject({ seq: 1, actor: 'owner', via: 'app', action: 'key.create', before: null });
    expect(entries[1]).toMatchObject({ action: 'key.rename', before: { name: 'one' }, after: { name: 'one renamed' } });
    expect(entries[1]!.prev_hash).toBe(entries[0]!.hash);
  });

  it('verifies intact', () => {
    expect(t.store.audit.verifyChain()).toEqual({ intact: true, rows: 8 });
  });

  it('detects an edited row and names it', () => {
    tamper("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3");
    expect(t.store.audit.verifyChain()).toMatchObject({ intact: false, brokenAt: 3, reason: expect.stringMatching(/changed/) });
  });

  it('detects an edited before/after snapshot', () => {
    tamper(`UPDATE audit_log SET after = replace(after, 'mail.send', 'alerts.read') WHERE seq = 5`);
    expect(t.store.audit.verifyChain()).toMatchObject({ intact: false, brokenAt: 5 });
  });

  it('detects a deleted row', () => {
    tamper('DELETE FROM audit_log WHERE seq = 4');
    expect(t.store.audit.verifyChain()).toMatchObject({ intact: false, brokenAt: 4 });
  });

  it('detects reordered rows', () => {
    tamper(`UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 6;
            UPDATE audit_log SET seq = 6 WHERE seq = 100;`);
    expect(t.store.audit.verifyChain()).toMatchObject({ intact: false, brokenAt: 2 });
  });

  it('detects a rewritten row whose hash was recomputed without its successors', () => {
    // Rewriting row 2 and fixing its own hash still breaks the link from row 3.
    const row = t.store.audit.list()[1]!;
    tamper(`UPDATE audit_log SET hash = '${'f'.repeat(64)}' WHERE seq = ${row.seq}`);
    expect(t.store.audit.verifyChain()).toMatchObject({ intact: false, brokenAt: 2 });
  });

  it('refuses appends outside a transaction', () => {
    expect(() =>
      t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'key.create', account_id: 1, key_id: null, before: null, after: null }),
    ).toThrow(/inside a write transaction/);
  });

  it('filters by key, action and time', () => {
    const keyId = t.store.audit.list()[0]!.key_id!;
    expect(t.store.audit.list({ keyId }).map((e) => e.action)).toEqual(['key.create', 'key.rename']);
    expect(t.store.audit.list({ action: 'key.rename' })).toHaveLength(4);
    expect(t.store.audit.list({ since: '2999-01-01' })).toHaveLength(0);
  });
});
