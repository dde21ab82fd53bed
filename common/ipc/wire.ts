/**
 * What a call's answer is on its way from main to the window: the result envelope as JSON text.
 *
 * Main's handlers run on the store thread (main/app/store-thread.ts). An answer crossing Electron
 * main's own thread as objects would be copied twice there (from the store thread, then into
 * Electron's IPC), costing main's event loop time in proportion to the number of objects: a
 * 100,000-key list or an import's report held it for hundreds of milliseconds. As text it is one
 * string, copied in a few milliseconds whatever it holds, and it crosses the window's context
 * bridge as it is; the renderer parses it (common/ipc/api.ts).
 * Every answer is plain data (records, SendGrid's error shape), so JSON loses nothing.
 */
import { JsonText } from '../json-text.ts';
import type { Channel, Result } from './contract.ts';

/** The envelope as text; data a handler already wrote as JSON (`JsonText`) goes in as it is. */
export function encodeResult(result: Result<unknown>): string {
  if (result.ok && result.data instanceof JsonText) return `{"ok":true,"data":${result.data.text}}`;
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

/** A call the transport could not complete (main gone, a handler missing), as a value like every other error. */
export const unreachable = (channel: Channel): Result<never> => ({
  ok: false,
  code: 'INTERNAL',
  errors: [{ field: null, message: `Keydesk could not complete ${channel}; try again or restart the app` }],
});
