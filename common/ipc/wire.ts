/**
 * What a call's answer is on its way from main to the window: the result envelope as JSON text.
 *
 * Main's handlers run on the store thread (main/app/store-thread.ts). An answer crossing Electron
 * main's own thread as objects would be copied twice there (from the store thread, then into
 * Electron's IPC), costing main's event loop time in proportion to the number of objects: a
 * 100,000-key list or an import's report held it for hundreds of milliseconds. As text it is one
 * string, copied in a few milliseconds whatever it holds; the preload parses it in the window.
 * Every answer is plain data (records, SendGrid's error shape), so JSON loses nothing.
 */
import type { Result } from './contract.ts';

export function encodeResult(result: Result<unknown>): string {
  return JSON.stringify(result);
}

/** The envelope the text holds; a transport that answered anything else gets null. */
export function decodeResult(wire: unknown): Result<unknown> | null {
  if (typeof wire !== 'string') return null;
  try {
    const result = JSON.parse(wire) as unknown;
    return result !== null && typeof result === 'object' && 'ok' in result && typeof result.ok === 'boolean' ? (result as Result<unknown>) : null;
  } catch {
    return null;
  }
}
