/** `window.keydesk`, exposed by the preload (or the browser test host), typed from the IPC contract: answers are wire text. */
import type { KeydeskBridge } from '../common/ipc/contract.ts';

declare global {
  interface Window {
    readonly keydesk: KeydeskBridge;
  }
}
