/**
 * Native save/open dialogs as a port: Electron's `dialog` in the app (main/electron/dialogs.ts),
 * scripted answers in tests. Export, import, diff and leak-check handlers ask it for a path;
 * null means cancelled.
 */

export interface FileFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

export interface SaveFileRequest {
  readonly title: string;
  /** File name offered, placed in the default export folder. */
  readonly defaultName: string;
  readonly filters: readonly FileFilter[];
}

export interface OpenFileRequest {
  readonly title: string;
  readonly filters: readonly FileFilter[];
}

export interface OpenFolderRequest {
  readonly title: string;
}

export interface FileDialogPort {
  chooseSaveFile(request: SaveFileRequest): Promise<string | null>;
  chooseOpenFile(request: OpenFileRequest): Promise<string | null>;
  /** A folder to read (the leak check scans one). */
  chooseFolder(request: OpenFolderRequest): Promise<string | null>;
}
