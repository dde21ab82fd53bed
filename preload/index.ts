/**
 * The sandboxed preload: exposes `window.keydesk`, built by the same factory the browser test host
 * uses, over `ipcRenderer`; each call answers main's wire text, which the renderer decodes. Only the named functions of the contract cross the bridge — no generic
 * invoke, no raw `ipcRenderer`, and listeners never see Electron's event object (it carries `sender`).
 * Bundled into one CommonJS file (dist/preload/index.cjs) with only `electron` left external.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createKeydeskBridge } from './api.ts';

const bridge = createKeydeskBridge({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe(event, listener) {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => void ipcRenderer.removeListener(event, forward);
  },
});

contextBridge.exposeInMainWorld('keydesk', bridge);
