/**
 * Pushing contract events to the renderer: the payload is validated against the contract before it
 * leaves main, whatever carries it (Electron's `webContents.send`, the test host's `page.evaluate`).
 */
import { events, type EventName, type EventPayload } from '../../preload/contract.ts';

export type SendEvent = (event: EventName, payload: unknown) => void | Promise<void>;
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => Promise<void>;

export function createEventEmitter(send: SendEvent): Emit {
  return async (event, payload) => {
    await send(event, events[event].parse(payload));
  };
}
