/** The file dialog port over Electron's native dialogs, opened as sheets of the main window. */
import { join } from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { FileDialogPort } from '../ipc/file-dialogs.ts';
import type { SettingsPort } from '../settings/settings-store.ts';

export interface DialogLike<W> {
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** `window()` is the dialog's parent; with none (the window is closing) the dialog stands alone. */
export function createFileDialogs<W>(dialog: DialogLike<W>, window: () => W | null, settings: SettingsPort, documentsFolder: string): FileDialogPort {
  const folder = () => settings.get().defaultExportFolder ?? documentsFolder;
  const filters = (list: readonly { name: string; extensions: readonly string[] }[]) => list.map((f) => ({ name: f.name, extensions: [...f.extensions] }));
  const open = async (options: OpenDialogOptions): Promise<string | null> => {
    const parent = window();
    const result = await (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options));
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  return {
    async chooseSaveFile({ title, defaultName, filters: wanted }) {
      const options: SaveDialogOptions = {
        title,
        defaultPath: join(folder(), defaultName),
        filters: filters(wanted),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const parent = window();
      const result = await (parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options));
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    chooseOpenFile: ({ title, filters: wanted }) => open({ title, defaultPath: folder(), filters: filters(wanted), properties: ['openFile'] }),
    chooseFolder: ({ title }) => open({ title, defaultPath: folder(), properties: ['openDirectory'] }),
  };
}
