/**
 * The settings port across threads. The settings file belongs to Electron main (electron-store,
 * which also remembers the window's bounds); the handlers on the store thread read and change it
 * through `SettingsPort`, whose calls answer at once. Across a thread that takes a synchronous
 * call: the store thread posts its request, then sleeps on a shared flag until main has answered
 * and raised it, and takes the answer off the port without waiting for its event loop.
 *
 * The store thread is the one that waits, never main: a settings call costs main one read or
 * write of the settings file, as it did when the handlers ran there.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { KeydeskError, type ErrorCode, type FieldError } from '../../common/errors.ts';
import type { Settings, SettingsPatch } from '../../common/settings.ts';
import type { SettingsPort } from '../settings/settings-store.ts';

/** The store thread's end: handed over in `workerData` (the port in the transfer list). */
export interface SettingsBridgeEnd {
  readonly port: MessagePort;
  /** One Int32: 0 while a request waits, 1 once its answer is on the port. */
  readonly signal: SharedArrayBuffer;
}

type SettingsRequest = { readonly method: 'get' } | { readonly method: 'set'; readonly patch: SettingsPatch };

type SettingsAnswer =
  | { readonly ok: true; readonly settings: Settings }
  | { readonly ok: false; readonly message: string; readonly code?: ErrorCode; readonly errors?: readonly FieldError[] };

/** How long the store thread waits for main before it gives the call up as failed. */
const ANSWER_WITHIN_MS = 10_000;

/** Main's end: answers the store thread's settings calls from `settings`. */
export function serveSettings(settings: SettingsPort): { readonly end: SettingsBridgeEnd; close(): void } {
  const { port1: mine, port2: theirs } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  mine.on('message', (request: SettingsRequest) => {
    let answer: SettingsAnswer;
    try {
      answer = { ok: true, settings: request.method === 'get' ? settings.get() : settings.set(request.patch) };
    } catch (error) {
      const known = error instanceof KeydeskError ? { code: error.code, errors: error.errors } : {};
      answer = { ok: false, message: error instanceof Error ? error.message : String(error), ...known };
    }
    mine.postMessage(answer);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  // A bridge must not keep a process alive on its own (tests, a quitting app).
  mine.unref();
  return { end: { port: theirs, signal }, close: () => mine.close() };
}

/** The store thread's `SettingsPort`, over main's end. */
export function settingsOverBridge({ port, signal }: SettingsBridgeEnd, answerWithinMs = ANSWER_WITHIN_MS): SettingsPort {
  const flag = new Int32Array(signal);
  const call = (request: SettingsRequest): Settings => {
    Atomics.store(flag, 0, 0);
    port.postMessage(request);
    if (Atomics.wait(flag, 0, 0, answerWithinMs) === 'timed-out') throw new Error(`main did not answer a settings ${request.method} within ${answerWithinMs} ms`);
    const answer = receiveMessageOnPort(port)?.message as SettingsAnswer | undefined;
    if (!answer) throw new Error(`main's answer to a settings ${request.method} went missing`);
    if (answer.ok) return answer.settings;
    throw answer.code && answer.errors ? new KeydeskError(answer.code, answer.errors) : new Error(answer.message);
  };
  return { get: () => call({ method: 'get' }), set: (patch) => call({ method: 'set', patch }) };
}
