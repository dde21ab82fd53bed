/**
 * The application menu as data: the usual accelerators, with the app's own commands (New key,
 * Export..., Settings...) sent to the renderer as `menu:command` events. Reload and developer tools exist only
 * in development builds.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../common/ipc/contract.ts';

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly isDev: boolean;
  /** Sends a command to the focused Keydesk window. */
  readonly send: (command: MenuCommand) => void;
}

export function buildMenuTemplate({ platform, isDev, send }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  // Where each platform's users look for it: the app menu on macOS, File elsewhere.
  const settings: MenuItemConstructorOptions = { id: 'open-settings', label: 'Settings...', accelerator: 'CmdOrCtrl+,', click: () => send('open-settings') };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Keydesk',
          submenu: [{ role: 'about' }, { type: 'separator' }, settings, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
        },
      ]
    : [];
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'new-key', label: 'New Key', accelerator: 'CmdOrCtrl+N', click: () => send('new-key') },
      { id: 'export-inventory', label: 'Export...', accelerator: 'CmdOrCtrl+E', click: () => send('export-inventory') },
      { type: 'separator' },
      ...(mac ? [] : [settings, { type: 'separator' } as const]),
      mac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = { label: '&Window', submenu: [{ role: 'minimize' }, ...(mac ? [{ role: 'zoom' } as const] : [{ role: 'close' } as const])] };
  return [...appMenu, file, edit, view, window];
}
