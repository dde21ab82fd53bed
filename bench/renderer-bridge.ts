/**
 * `window.keydesk` for the renderer benchmark, injected before the app's scripts. Built by the
 * preload's own `createKeydeskApi`; every answer was computed beforehand by main's real handlers on
 * the store thread over a real store, as the wire text main sends the window, and put in
 * `globalThis.__keydeskBench`, so nothing crosses a slow test transport while the page is timed.
 * The key list arrives as Electron's IPC would deliver it: as late as main took to answer it (the
 * store thread answers one call at a time, so a call waits for the one before), in a task of its
 * own, and the page then parses it.
 */
import { createKeydeskBridge } from '../preload/api.ts';
import type { Channel } from '../common/ipc/contract.ts';

export interface BenchAnswers {
  /** Wire text by channel, for the calls the app makes at start. */
  readonly answers: Readonly<Record<string, string>>;
  /** `keys:list` as wire text: the whole list, and the newest keys (the first screen). */
  readonly keys: { readonly list: string; readonly newest: string };
  /** How long main took to answer each (ms), from the call to the text on main. */
  readonly mainMs: { readonly list: number; readonly newest: number };
}

export const BENCH_GLOBAL = '__keydeskBench';

const bench = (globalThis as unknown as Record<string, BenchAnswers>)[BENCH_GLOBAL];
if (bench) {
  // When the store thread is next free: calls are answered in the order they came.
  let free = 0;
  const answerAfter = async (ms: number, wire: string): Promise<string> => {
    const ready = Math.max(performance.now(), free) + ms;
    free = ready;
    await new Promise((resolve) => setTimeout(resolve, ready - performance.now()));
    // The copy Electron's IPC hands the window (a string: one block of memory).
    return structuredClone(wire);
  };
  const api = createKeydeskBridge({
    invoke(channel: Channel, input?: unknown) {
      if (channel === 'keys:list') {
        const newest = (input as { newest?: number } | undefined)?.newest !== undefined;
        return answerAfter(newest ? bench.mainMs.newest : bench.mainMs.list, newest ? bench.keys.newest : bench.keys.list);
      }
      const wire = bench.answers[channel];
      return Promise.resolve(
        wire ?? JSON.stringify({ ok: false, code: 'INTERNAL', errors: [{ field: null, message: `${channel} is not part of the benchmark` }] }),
      );
    },
    subscribe: () => () => undefined,
  });
  Object.defineProperty(globalThis, 'keydesk', { value: api, enumerable: true });
}
