/**
 * The one door into main from the renderer. Every call passes, in order: the sender check (our own
 * app page, top frame only), the channel lookup, zod validation of the payload (validators.ts),
 * then its handler, which acts through the services: they check the scope each operation needs
 * (core/authorization.ts), as they do for the CLI and the local API. Whatever happens, the renderer gets a result envelope:
 * `{ok: true, data}` or `{ok: false, code, errors}` in SendGrid's error shape. Nothing is thrown
 * across the boundary, and no error detail (stack, SQL, values) leaks into it.
 *
 * In the app the first two checks run on Electron main and the rest on the store thread
 * (`registerForwardingIpc`, main/app/store-thread.ts); tests and the browser test host run all of it
 * in one thread (`registerIpcHandlers`). No `electron` import: it takes an `ipcMain`-like object,
 * so it runs under plain Node in tests.
 */
import type { z } from 'zod';
import { KeydeskError, toKeydeskError, type FieldError } from '../../common/errors.ts';
import { CHANNELS, type Channel, type Input, type Output, type Result } from '../../common/ipc/contract.ts';
import { encodeResult } from '../../common/ipc/wire.ts';
import { JsonText } from '../../common/json-text.ts';
import { validators } from './validators.ts';

export interface SenderFrameLike {
  readonly url: string;
  /** Null for the top frame. */
  readonly parent: unknown;
}

export interface IpcEventLike {
  readonly senderFrame?: SenderFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
}

/** A handler answers its channel's output, or that output already written as JSON (the key list). */
type Answer<C extends Channel> = Output<C> | JsonText<Output<C>>;

export type Handlers = {
  readonly [C in Channel]: (input: Input<C>) => Answer<C> | Promise<Answer<C>>;
};

export interface DispatcherOptions {
  /** Whether a call comes from a frame we trust (see `trustFramesFrom`). */
  readonly isTrustedSender: (event: IpcEventLike) => boolean;
  /** Called with unexpected errors (bugs), for the main-process log; never with user data. */
  readonly onInternalError?: (channel: string, error: unknown) => void;
}

export type Dispatch = (channel: string, event: IpcEventLike, input: unknown) => Promise<Result<unknown>>;

const failure = (error: KeydeskError): Result<never> => ({ ok: false, code: error.code, errors: error.toBody().errors });

/** Enough to fix a call in one go; a hostile payload must not make main build a huge reply. */
export const MAX_VALIDATION_ERRORS = 20;
const MAX_ERROR_TEXT = 200;

const clip = (text: string) => (text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text);

/**
 * zod issues as SendGrid field errors: `name`, `scopes.3`, or null for the payload as a whole. A
 * payload with 100,000 unknown keys gets one short message, not one that lists them all.
 */
export function validationErrors(error: z.ZodError): FieldError[] {
  return error.issues.slice(0, MAX_VALIDATION_ERRORS).map((issue) => ({
    field: issue.path.length ? clip(issue.path.map(String).join('.')) : null,
    message: clip(issue.message),
  }));
}

/** `scheme://host` of a frame URL (WHATWG gives custom schemes an opaque "null" origin, so build it). */
export function frameOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** A sender check that accepts only top frames whose origin is one of `origins`. */
export function trustFramesFrom(origins: readonly string[]): (event: IpcEventLike) => boolean {
  // Every call from the window names the same URL: its origin is worked out once, not per call.
  let lastUrl: string | null = null;
  let lastTrusted = false;
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return false;
    if (frame.url !== lastUrl) {
      const origin = frameOrigin(frame.url);
      lastTrusted = origin !== null && origins.includes(origin);
      lastUrl = frame.url;
    }
    return lastTrusted;
  };
}

/**
 * The checks main makes before anything runs or is forwarded to the store thread: the sender
 * (our window's top frame) and the channel (one of the contract's). Null lets the call go on.
 */
export function refusal(channel: string, event: IpcEventLike, isTrustedSender: (event: IpcEventLike) => boolean): Result<never> | null {
  if (!isTrustedSender(event)) {
    return failure(new KeydeskError('FORBIDDEN', [{ field: null, message: 'calls are accepted only from the Keydesk window' }]));
  }
  if (!Object.hasOwn(validators, channel)) {
    return failure(new KeydeskError('NOT_FOUND', [{ field: null, message: `unknown channel "${channel.slice(0, 100)}"` }]));
  }
  return null;
}

/** A call main let through: the payload is validated, the handler runs, and the answer is an envelope. */
export type HandlerDispatch = (channel: Channel, input: unknown) => Promise<Result<unknown>>;

export function createHandlerDispatch(handlers: Handlers, { onInternalError }: Pick<DispatcherOptions, 'onInternalError'> = {}): HandlerDispatch {
  return async (channel, input) => {
    const parsed = validators[channel].safeParse(input);
    if (!parsed.success) return failure(new KeydeskError('BAD_REQUEST', validationErrors(parsed.error)));
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const answer = handler(parsed.data);
      // Most handlers answer at once: awaiting only a promise spares them a turn of the microtask queue.
      return { ok: true, data: answer instanceof Promise ? await answer : answer };
    } catch (error) {
      if (!(error instanceof KeydeskError)) onInternalError?.(channel, error);
      return failure(toKeydeskError(error));
    }
  };
}

/**
 * Main's checks and the handlers in one thread: the browser test host, unit tests, benchmarks.
 * Its answers are values (JSON text a handler wrote is parsed), as the window sees them.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const run = createHandlerDispatch(handlers, options);
  return async (channel, event, input) => {
    const result = refusal(channel, event, options.isTrustedSender) ?? (await run(channel as Channel, input));
    return result.ok && result.data instanceof JsonText ? { ok: true, data: result.data.parse() } : result;
  };
}

/** Registers every contract channel on `ipc`, all through one dispatcher. */
export function registerIpcHandlers(ipc: IpcMainLike, handlers: Handlers, options: DispatcherOptions): Dispatch {
  const dispatch = createDispatcher(handlers, options);
  for (const channel of CHANNELS) ipc.handle(channel, (event, input) => dispatch(channel, event, input));
  return dispatch;
}

/**
 * Registers every contract channel on Electron's `ipcMain` for the app, whose handlers run on the
 * store thread: the sender and channel are checked here, on main, before anything is forwarded,
 * and each answer goes back to the window as wire text (common/ipc/wire.ts), refusals included.
 */
export function registerForwardingIpc(
  ipc: IpcMainLike,
  forward: (channel: Channel, input: unknown) => Promise<string>,
  { isTrustedSender }: Pick<DispatcherOptions, 'isTrustedSender'>,
): void {
  for (const channel of CHANNELS) {
    ipc.handle(channel, (event, input) => {
      const refused = refusal(channel, event, isTrustedSender);
      return refused ? encodeResult(refused) : forward(channel, input);
    });
  }
}
