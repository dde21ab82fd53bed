/** Properties of the permission engine that must hold for every input, not just the ones we thought of. */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATEGORIES, type CategoryId, type Level } from '../../common/catalog.ts';
import { KeydeskError } from '../../common/errors.ts';
import { grantErrors } from '../../main/core/grant.ts';
import { levelsOfScopes, mixesBilling, OWNER_SCOPES, scopesForLevels, type Levels } from '../../common/permissions.ts';
import { ALL_SCOPES, SYSTEM_SCOPES } from '../../common/catalog.ts';
import { openTempStore, type TempStore } from '../helpers/temp-store.ts';

const NON_BILLING = CATEGORIES.filter((c) => !c.billing);

/** Any assignment of offered levels to the non-billing categories. */
const levelsArb: fc.Arbitrary<Levels> = fc.record(
  Object.fromEntries(NON_BILLING.map((c) => [c.id, fc.constantFrom(...c.levels)])) as Record<CategoryId, fc.Arbitrary<Level>>,
);
const scopeSetArb = (from: readonly string[]) => fc.subarray([...from]);

describe('permission engine properties', () => {
  it('levels → scopes → levels round-trips for every combination of levels', () => {
    fc.assert(
      fc.property(levelsArb, (levels) => {
        const back = levelsOfScopes(scopesForLevels(levels));
        for (const category of NON_BILLING) expect(back[category.id]).toBe(levels[category.id]);
        expect(back.billing).toBe('none');
      }),
      { numRuns: 2000 },
    );
  });

  it('billing levels round-trip too', () => {
    for (const level of ['none', 'read', 'full'] as const) {
      expect(levelsOfScopes(scopesForLevels({ billing: level })).billing).toBe(level);
    }
  });

  it('no accepted grant ever exceeds the actor', () => {
    fc.assert(
      fc.property(scopeSetArb(OWNER_SCOPES), scopeSetArb(ALL_SCOPES), (actor, requested) => {
        if (grantErrors({ name: 'k', scopes: requested, actorScopes: actor }).length === 0) {
          const held = new Set(actor);
          expect(requested.every((s) => held.has(s))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a grant is refused for mixing billing exactly when it holds a billing scope and another grantable one', () => {
    // Told apart by the catalog's billing category, not by mixesBilling, which the rule itself uses.
    const billingCategory = new Set(CATEGORIES.filter((c) => c.billing).flatMap((c) => [...(c.read ?? []), ...(c.full ?? [])]));
    expect(billingCategory.size).toBeGreaterThan(1);
    const billingHeavy = fc.tuple(scopeSetArb([...billingCategory]), scopeSetArb(OWNER_SCOPES.filter((s) => !billingCategory.has(s)).slice(0, 40)));
    fc.assert(
      fc.property(billingHeavy, ([billing, other]) => {
        const scopes = [...billing, ...other];
        const mixed = billing.length > 0 && other.some((s) => !SYSTEM_SCOPES.includes(s));
        const refusedForMixing = grantErrors({ name: 'k', scopes, actorScopes: OWNER_SCOPES }).some((e) => /billing permissions or any other/.test(e.message));
        expect(refusedForMixing).toBe(mixed);
        expect(mixesBilling(scopes)).toBe(mixed);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('key service properties (real SQLite)', () => {
  let t: TempStore;
  beforeEach(() => (t = openTempStore()));
  afterEach(() => t.close());

  it('a key acting through the service never creates a key with more than it holds', () => {
    const grantable = OWNER_SCOPES.filter((s) => !s.startsWith('billing.'));
    // The actor's scopes, a request drawn mostly from them, and sometimes a scope or two beyond.
    const caseArb = scopeSetArb(grantable).chain((held) => {
      const actor = [...held, 'api_keys.create'];
      return fc.tuple(fc.constant(actor), fc.subarray(actor), fc.subarray(grantable, { maxLength: 2 }));
    });
    let created = 0;
    fc.assert(
      fc.property(caseArb, ([actorScopes, within, extra]) => {
        const caller = t.asKey('actor-key', actorScopes);
        try {
          const key = t.keys.create(caller, { name: 'k', scopes: [...within, ...extra] });
          const held = new Set(actorScopes);
          expect(key.scopes.every((s) => held.has(s))).toBe(true);
          created += 1;
          t.keys.remove(t.owner(), key.api_key_id); // stay under the 100-key limit
        } catch (error) {
          expect(error).toBeInstanceOf(KeydeskError);
        }
      }),
      { numRuns: 300 },
    );
    expect(created).toBeGreaterThan(20); // the property was exercised, not vacuously true
  });
});
