import type { MenuItemConstructorOptions } from 'electron';
import { expect, it } from 'vitest';
import { buildMenuTemplate } from '../../../main/electron/menu.ts';
import type { MenuCommand } from '../../../common/ipc/contract.ts';

const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);

function menu(platform: NodeJS.Platform, isDev: boolean) {
  const sent: MenuCommand[] = [];
  const items = flatten(buildMenuTemplate({ platform, isDev, send: (command) => sent.push(command) }));
  return { items, sent, byId: (id: string) => items.find((item) => item.id === id) };
}

it('New Key (Ctrl/Cmd+N) and Export... send their commands to the renderer', () => {
  const { byId, sent } = menu('linux', false);
  expect(byId('new-key')?.accelerator).toBe('CmdOrCtrl+N');
  expect(byId('export-inventory')).toMatchObject({ label: 'Export...', accelerator: 'CmdOrCtrl+E' });
  (byId('new-key')?.click as () => void)();
  (byId('export-inventory')?.click as () => void)();
  expect(sent).toEqual(['new-key', 'export-inventory']);
});

it('Settings... (Ctrl/Cmd+,) opens the Settings page: in the File menu, or the app menu on macOS', () => {
  for (const [platform, parent] of [['linux', '&File'], ['win32', '&File'], ['darwin', 'Keydesk']] as const) {
    const sent: MenuCommand[] = [];
    const top = buildMenuTemplate({ platform, isDev: false, send: (command) => sent.push(command) });
    const submenu = top.find((item) => item.label === parent)?.submenu as MenuItemConstructorOptions[];
    const item = submenu.find((entry) => entry.id === 'open-settings');
    expect(item, platform).toMatchObject({ label: 'Settings...', accelerator: 'CmdOrCtrl+,' });
    (item?.click as () => void)();
    expect(sent).toEqual(['open-settings']);
    expect(flatten(top).filter((entry) => entry.id === 'open-settings')).toHaveLength(1);
  }
});

it('has Quit, the Edit roles (so copy/paste work in inputs) and zoom', () => {
  const roles = menu('win32', false).items.map((item) => item.role).filter(Boolean);
  expect(roles).toEqual(expect.arrayContaining(['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom']));
  const mac = menu('darwin', false);
  expect(mac.items[0]?.label).toBe('Keydesk');
  expect(mac.items.map((item) => item.role)).toEqual(expect.arrayContaining(['about', 'quit', 'hide']));
});

it('offers reload and developer tools only in development builds', () => {
  const production = menu('linux', false).items.map((item) => item.role);
  expect(production).not.toContain('reload');
  expect(production).not.toContain('forceReload');
  expect(production).not.toContain('toggleDevTools');
  const dev = menu('linux', true).items.map((item) => item.role);
  expect(dev).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
});
