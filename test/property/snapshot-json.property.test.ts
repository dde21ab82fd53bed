/** Audit snapshots are hashed as text: the fast serialisers must write exactly what JSON.stringify writes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSnapshot, scopeListHash } from '../../main/store/audit-snapshots.ts';
import { snapshotJson } from '../../main/store/snapshot-json.ts';

/** Snapshot-like objects: plain members, nested objects, frozen and unfrozen string arrays, undefined. */
const member = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string()),
  fc.array(fc.string()).map((scopes) => Object.freeze(scopes)),
  fc.array(fc.oneof(fc.string(), fc.integer())).map((items) => Object.freeze(items)),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()))),
  fc.date({ noInvalidDate: true }),
);
const snapshot = fc.dictionary(fc.string(), member);

describe('snapshotJson', () => {
  it('writes exactly what JSON.stringify writes, however often an array recurs', () => {
    const shared = Object.freeze(['mail.send', 'stats.read', 'a "quoted" \\ scope', '\u2028', '\ud800']);
    fc.assert(
      fc.property(snapshot, (value) => {
        expect(snapshotJson(value)).toBe(JSON.stringify(value));
        const withShared = { ...value, scopes: shared };
        expect(snapshotJson(withShared)).toBe(JSON.stringify(withShared));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not reuse the text of an array that can still change', () => {
    const scopes = ['mail.send'];
    expect(snapshotJson({ scopes })).toBe('{"scopes":["mail.send"]}');
    scopes.push('stats.read');
    expect(snapshotJson({ scopes })).toBe('{"scopes":["mail.send","stats.read"]}');

    const inner = { name: 'a' };
    const frozenHoldingObject = Object.freeze([inner]);
    expect(snapshotJson({ list: frozenHoldingObject })).toBe('{"list":[{"name":"a"}]}');
    inner.name = 'b';
    expect(snapshotJson({ list: frozenHoldingObject })).toBe('{"list":[{"name":"b"}]}');
  });

  it('falls back to JSON.stringify for objects that are not plain', () => {
    const withToJson = { toJSON: () => ({ replaced: true }), scopes: Object.freeze(['x']) };
    expect(snapshotJson(withToJson)).toBe(JSON.stringify(withToJson));
    expect(snapshotJson(new Date(0))).toBe(JSON.stringify(new Date(0)));
  });
});

describe('encodeSnapshot (lean entries)', () => {
  it('writes what JSON.stringify writes with the scope list named by its hash, and notes exactly that list', () => {
    fc.assert(
      fc.property(snapshot, fc.array(fc.string()), fc.boolean(), (value, list, frozen) => {
        const { scopes: _, ...rest } = value;
        const scopes = frozen ? Object.freeze([...list]) : [...list];
        const used = new Map<string, string>();
        const text = encodeSnapshot({ ...rest, scopes }, used);
        expect(text).toBe(JSON.stringify({ ...rest, scopes: scopeListHash(JSON.stringify(list)) }));
        expect([...used]).toEqual([[scopeListHash(JSON.stringify(list)), JSON.stringify(list)]]);
      }),
      { numRuns: 1000 },
    );
  });
});
