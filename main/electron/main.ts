// Electron main entry: the app lifecycle lands with the Electron glue (next commits).
export {};
