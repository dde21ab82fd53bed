/** Lean snapshots (main/store/audit-snapshots.ts): scope lists named by hash, kept once, read back whole. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSnapshot, listNamedIn, scopeListHash, ScopeListTable } from '../../../main/store/audit-snapshots.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

const name = (list: readonly string[]) => scopeListHash(JSON.stringify(list));

describe('encodeSnapshot', () => {
  it('writes what JSON.stringify writes, with the scope list named by the SHA-256 of its JSON, and notes the list', () => {
    const used = new Map<string, string>();
    const value = { name: 'a "b"\n', scopes: ['mail.send', 'stats.read'], gone: undefined, expires_at: null, disabled: false };
    const text = encodeSnapshot(value, used);
    expect(text).toBe(JSON.stringify({ ...value, scopes: name(['mail.send', 'stats.read']) }));
    expect([...used]).toEqual([[name(['mail.send', 'stats.read']), '["mail.send","stats.read"]']]);
    expect(scopeListHash('["mail.send"]')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names frozen lists from memory, and reads a list that can still change afresh each time', () => {
    const frozen = Object.freeze(['mail.send']);
    expect(encodeSnapshot({ scopes: frozen }, new Map())).toBe(encodeSnapshot({ scopes: frozen }, new Map()));
    const open = ['mail.send'];
    const first = encodeSnapshot({ scopes: open }, new Map());
    open.push('stats.read');
    expect(encodeSnapshot({ scopes: open }, new Map())).not.toBe(first);
    expect(encodeSnapshot({ scopes: open }, new Map())).toBe(`{"scopes":"${name(['mail.send', 'stats.read'])}"}`);
  });

  it('leaves anything but a scope list as JSON.stringify does, and objects that are not plain to it', () => {
    expect(encodeSnapshot({ scopes: 'text', other: ['a'] }, new Map())).toBe('{"scopes":"text","other":["a"]}');
    const used = new Map<string, string>();
    class Snapshot {
      scopes = ['mail.send'];
    }
    expect(encodeSnapshot(new Snapshot(), used)).toBe('{"scopes":["mail.send"]}');
    expect(encodeSnapshot({ scopes: ['x'], toJSON: () => ({ y: 1 }) }, used)).toBe('{"y":1}');
    expect(used.size).toBe(0);
    expect(encodeSnapshot({}, used)).toBe('{}');
  });
});

describe('listNamedIn', () => {
  it.each([
    [null, null],
    ['{"name":"x"}', null],
    ['{"scopes":["mail.send"]}', null],
    [`{"name":"x","scopes":"${'a'.repeat(64)}"}`, 'a'.repeat(64)],
    ['{"scopes":"anything"}', 'anything'],
    ['not json, "scopes":"x"', null],
    ['["scopes","x"] "scopes":"', null],
    ['{"name":"says \\"scopes\\":\\"x\\""}', null],
  ])('%s names %s', (text, expected) => {
    expect(listNamedIn(text)).toBe(expected);
  });
});

describe('ScopeListTable', () => {
  let t: TempStore;
  let table: ScopeListTable;
  beforeEach(() => {
    t = openTempStore();
    table = new ScopeListTable(t.store.db);
  });
  afterEach(() => t.close());

  const keep = (...lists: (readonly string[])[]) => t.store.write(() => table.keep(new Map(lists.map((l) => [name(l), JSON.stringify(l)]))));
  const unguard = () => t.store.db.exec('DROP TRIGGER audit_scope_sets_no_update; DROP TRIGGER audit_scope_sets_no_delete');

  it('keeps each list once, and reads a snapshot back with its list whole', () => {
    keep(['mail.send']);
    keep(['mail.send'], ['stats.read']);
    expect(t.store.db.prepare('SELECT count(*) FROM audit_scope_sets').pluck().get()).toBe(2);
    const decoded = table.decode(`{"name":"k","scopes":"${name(['stats.read'])}"}`) as { scopes: readonly string[] };
    expect(decoded).toEqual({ name: 'k', scopes: ['stats.read'] });
    expect(Object.isFrozen(decoded.scopes)).toBe(true);
    expect(table.decode(null)).toBeNull();
    expect(table.decode('not json')).toBe('not json');
    expect(table.decode('{"scopes":["a"]}')).toEqual({ scopes: ['a'] });
    expect(table.states()).toEqual(new Map([[name(['mail.send']), 'ok'], [name(['stats.read']), 'ok']]));
  });

  it('never reads a list that is missing, changed, or not a list as the one named', () => {
    const ref = name(['mail.send']);
    expect(table.decode(`{"scopes":"${ref}"}`)).toEqual({ scopes: ref });
    keep(['mail.send']);
    unguard();
    t.store.db.prepare("UPDATE audit_scope_sets SET scopes = '[\"billing.read\"]'").run();
    expect(new ScopeListTable(t.store.db).decode(`{"scopes":"${ref}"}`)).toEqual({ scopes: ref });
    expect(table.states()).toEqual(new Map([[ref, 'changed']]));
    // A "list" whose name is right for what it holds, but which is no list.
    const object = '{"not":"a list"}';
    t.store.db.prepare('INSERT INTO audit_scope_sets (hash, scopes) VALUES (?, ?)').run(scopeListHash(object), object);
    expect(table.decode(`{"scopes":"${scopeListHash(object)}"}`)).toEqual({ scopes: scopeListHash(object) });
    expect(table.states().get(scopeListHash(object))).toBe('ok');
    // A name that is not a SHA-256 at all is never right.
    t.store.db.prepare('INSERT INTO audit_scope_sets (hash, scopes) VALUES (?, ?)').run('x', '[]');
    expect(table.states().get('x')).toBe('changed');
  });

  it('remembers a list once checked: it is named by its content', () => {
    keep(['mail.send']);
    const ref = name(['mail.send']);
    const first = (table.decode(`{"scopes":"${ref}"}`) as { scopes: unknown }).scopes;
    unguard();
    t.store.db.prepare('DELETE FROM audit_scope_sets').run();
    expect((table.decode(`{"scopes":"${ref}"}`) as { scopes: unknown }).scopes).toBe(first);
  });
});
