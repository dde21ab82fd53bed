/** `window.keydesk`, exposed by the preload (or the browser test host), typed from the IPC contract. */
import type { KeydeskApi } from '../common/ipc/contract.ts';

declare global {
  interface Window {
    readonly keydesk: KeydeskApi;
  }
}
