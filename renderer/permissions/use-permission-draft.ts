/**
 * A scope set being edited in a form, with the level each category shows for it. The set is the
 * truth; levels are updated at once for the category the user changed and then read back from
 * main (`scopes:levels`), which knows the engine's rules (custom mixes, shared scopes).
 */
import { useEffect, useRef, useState } from 'react';
import type { Category, CategoryId, Level } from '../../common/catalog.ts';
import { useApi } from '../app/stores-context.tsx';
import { replaceCategoryScopes, scopesInCategory, withCategoryLevel, type CategoryLevels } from './scope-edits.ts';

export interface PermissionDraft {
  readonly scopes: ReadonlySet<string>;
  readonly levels: CategoryLevels;
  /** What the key held when the form opened (empty when creating). */
  readonly original: ReadonlySet<string>;
  readonly originalLevels: CategoryLevels;
  setLevel(id: CategoryId, level: Level): void;
  /** Puts back exactly the scopes the key held in this category. */
  restore(id: CategoryId): void;
  toggle(scope: string, on: boolean): void;
  /** Adds or removes several scopes at once (a group toggle in the scope picker). */
  toggleMany(scopes: readonly string[], on: boolean): void;
}

interface DraftState {
  readonly scopes: ReadonlySet<string>;
  readonly levels: CategoryLevels;
  /** Bumped on every change, so a late answer from main about an older set is ignored. */
  readonly version: number;
}

export function usePermissionDraft(categories: readonly Category[], initialScopes: Iterable<string>, initialLevels: CategoryLevels): PermissionDraft {
  const api = useApi();
  const [original] = useState<ReadonlySet<string>>(() => new Set(initialScopes));
  const [state, setState] = useState<DraftState>(() => ({ scopes: original, levels: initialLevels, version: 0 }));
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    if (state.version === 0) return;
    const asked = state.version;
    void api.scopes.levels({ scopes: [...state.scopes] }).then((result) => {
      if (result.ok && latest.current.version === asked) setState((current) => ({ ...current, levels: result.data }));
    });
  }, [api, state.version, state.scopes]);

  const change = (scopes: ReadonlySet<string>, levels: CategoryLevels) =>
    setState((current) => ({ scopes, levels, version: current.version + 1 }));

  return {
    scopes: state.scopes,
    levels: state.levels,
    original,
    originalLevels: initialLevels,
    setLevel(id, level) {
      const { scopes, levels } = latest.current;
      change(withCategoryLevel(categories, scopes, levels, id, level), { ...levels, [id]: level });
    },
    restore(id) {
      const { scopes, levels } = latest.current;
      const category = categories.find((c) => c.id === id);
      if (!category) return;
      const next = replaceCategoryScopes(categories, scopes, levels, id, scopesInCategory(original, category));
      change(next, { ...levels, [id]: initialLevels[id] ?? 'none' });
    },
    toggle(scope, on) {
      this.toggleMany([scope], on);
    },
    toggleMany(some, on) {
      const { scopes, levels } = latest.current;
      const next = new Set(scopes);
      for (const scope of some) {
        if (on) next.add(scope);
        else next.delete(scope);
      }
      change(next, levels);
    },
  };
}
