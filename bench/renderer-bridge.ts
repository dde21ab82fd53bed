/**
 * `window.keydesk` for the renderer benchmark, injected before the app's scripts. Built by the
 * preload's own `createKeydeskApi`; every answer was computed beforehand by main's real handlers
 * over a real store and put in `globalThis.__keydeskBench`, so nothing crosses a slow test
 * transport while the page is timed. The key list arrives as Electron's IPC would deliver it: after
 * main's measured time for that call, in a task of its own, as a structured clone (one copy of
 * each shared scope array).
 */
import { createKeydeskApi } from '../preload/api.ts';
import type { Channel } from '../common/ipc/contract.ts';
import type { KeyRecord } from '../common/records.ts';

/** The key list with each scope set sent once: rows are [id, name, access_type, scope set, origin, last4, created, updated, last used]. */
export interface PackedKeyList {
  readonly scopeSets: readonly (readonly string[])[];
  readonly rows: readonly (readonly [string, string, KeyRecord['access_type'], number, KeyRecord['origin'], string | null, string, string, string | null])[];
}

export interface BenchAnswers {
  readonly answers: Readonly<Record<string, unknown>>;
  readonly keys: PackedKeyList;
  /** How long main's handler took for the whole list and for the newest keys (ms). */
  readonly mainMs: { readonly list: number; readonly newest: number };
}

export const BENCH_GLOBAL = '__keydeskBench';

export function unpackKeys({ scopeSets, rows }: PackedKeyList): KeyRecord[] {
  return rows.map(([api_key_id, name, access_type, set, origin, last4, created_at, updated_at, last_used_at]) => ({
    api_key_id,
    account_id: 1,
    name,
    access_type,
    scopes: scopeSets[set]!,
    origin,
    last4,
    created_at,
    updated_at,
    last_used_at,
    last_used_by: null,
    expires_at: null,
    disabled_at: null,
    deleted_at: null,
  }));
}

const bench = (globalThis as unknown as Record<string, BenchAnswers>)[BENCH_GLOBAL];
if (bench) {
  const keys = unpackKeys(bench.keys);
  const api = createKeydeskApi({
    async invoke(channel: Channel, input?: unknown) {
      if (channel === 'keys:list') {
        // `newest`: main's newest-first first screen; the keys here are oldest first, as main lists them.
        const newest = (input as { newest?: number } | undefined)?.newest;
        // The answer arrives once main has built it, in a task of its own, and is then copied in (the clone).
        await new Promise((resolve) => setTimeout(resolve, newest === undefined ? bench.mainMs.list : bench.mainMs.newest));
        return JSON.stringify({ ok: true, data: newest === undefined ? keys : keys.slice(-newest).reverse() });
      }
      if (channel in bench.answers) return JSON.stringify(bench.answers[channel]);
      return JSON.stringify({ ok: false, code: 'INTERNAL', errors: [{ field: null, message: `${channel} is not part of the benchmark` }] });
    },
    subscribe: () => () => undefined,
  });
  Object.defineProperty(globalThis, 'keydesk', { value: api, enumerable: true });
}
