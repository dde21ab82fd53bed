/**
 * Pushing contract events to the renderer: the payload is validated against the contract before it
 * leaves main, whatever carries it (Electron's `webContents.send`, the test host's `page.evaluate`).
 */
import type { EventName, EventPayload } from '../../common/ipc/contract.ts';
import { eventValidators } from './validators.ts';

export type SendEvent = (event: EventName, payload: unknown) => void | Promise<void>;
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => Promise<void>;

export function createEventEmitter(send: SendEvent): Emit {
  return async (event, payload) => {
    await send(event, eventValidators[event].parse(payload));
  };
}
