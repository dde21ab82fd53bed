/**
 * Electron main: the app's lifecycle and the wiring of the pieces, which live in plain modules
 * (window.ts, protocol.ts, menu.ts, ...) that take Electron as a parameter. This file and
 * preload/index.ts are the only ones that import `electron`.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, ClipboardItem, dialog, ipcMain, Menu, protocol, screen } from 'electron';
import ElectronStore from 'electron-store';
import { openStoreAtStart } from '../app/open-store-at-start.ts';
import { cliArgumentsOf } from '../cli/app-arguments.ts';
import { makePrivateFolder } from '../core/private-files.ts';
import { reopenNotice, REOPEN_BUTTON } from '../app/reopen-notice.ts';
import { registerIpcHandlers, trustFramesFrom } from '../ipc/dispatcher.ts';
import { createEventEmitter } from '../ipc/events.ts';
import { createIpcHandlers } from '../ipc/handlers.ts';
import { startLocalApiSwitch } from '../server/local-api-switch.ts';
import { createServices } from '../services/services.ts';
import { openSettings } from '../settings/open-settings.ts';
import { watchExternalChanges } from '../store/change-watch.ts';
import { defaultDataDir, resolveDatabasePath } from '../store/location.ts';
import { APP_ORIGIN } from './app-protocol.ts';
import { refuseDebugging } from './debug-switches.ts';
import { createReportPrinter } from './report-pdf.ts';
import { createFileDialogs } from './dialogs.ts';
import { buildMenuTemplate } from './menu.ts';
import { runCliInApp } from './cli-mode.ts';
import { registerAppScheme, serveApp } from './protocol.ts';
import { clearBeforeQuit, createSecretClipboard } from './secret-clipboard.ts';
import { createStartPrompt } from './start-prompt.ts';
import { rememberBounds, restorableBounds } from './window-state.ts';
import { createMainWindow, hardenWebContents } from './window.ts';

const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

// The bundle is dist/main/index.js; the renderer and the preload were built beside it.
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

// The app and the CLI share one folder (and so one store): set before anything reads userData,
// including the single-instance lock, which is keyed by it.
app.setPath('userData', defaultDataDir());
// Chromium keeps its own files there too (local storage, caches, preferences): private before any is written.
makePrivateFolder(app.getPath('userData'));
app.enableSandbox();
registerAppScheme(protocol);

// Started with CLI arguments (the keydesk launchers, or `Keydesk keys list`): the command line, no window.
const cliArguments = cliArgumentsOf(process.argv, process.defaultApp === true);
const packaged = app.isPackaged;

if (cliArguments) {
  void runCliInApp(app, cliArguments);
} else if (refuseDebugging(app, dialog, { packaged, argv: process.argv, env: process.env, platform: process.platform })) {
  // A packaged app started with a debugging switch has said why and is exiting: nothing more starts.
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents, whoever creates it, gets the same navigation and window-opening rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    const databasePath = resolveDatabasePath(undefined);
    // A refused store (damaged, newer, ...) is explained in a message box, untouched, with a backup offered where one fits.
    const opened = await openStoreAtStart(databasePath, createStartPrompt(dialog));
    if (opened.kind === 'quit') return app.quit();
    const store = opened.store;
    // electron-store names the file after `name` (default "config"), not conf's `configName`.
    const settings = openSettings((options) => new ElectronStore({ ...options, name: options.configName }), {
      cwd: app.getPath('userData'),
      projectVersion: app.getVersion(),
    });
    for (const problem of settings.problems) console.warn(`settings: ${problem}`);
    // electron-store answers a synchronous 'electron-store-get-data' message for renderer-side use.
    // Our renderer never uses it; removing it leaves the dispatcher as the only IPC door into main.
    ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);

    const localApi = startLocalApiSwitch(databasePath, settings.port);
    const secretClipboard = createSecretClipboard(clipboard, (formats) => new ClipboardItem(formats), { platform: process.platform });
    clearBeforeQuit(app, secretClipboard);
    const emit = createEventEmitter((event, payload) => mainWindow?.webContents.send(event, payload));
    const handlers = createIpcHandlers({
      services: createServices(store),
      settings: settings.port,
      clipboard: secretClipboard,
      dialogs: createFileDialogs(dialog, () => mainWindow, settings.port, app.getPath('documents')),
      emit,
      appInfo: { version: app.getVersion(), database: databasePath, platform: process.platform },
      localApi,
      printToPdf: createReportPrinter(BrowserWindow),
      // store:restore-backup closed the store to swap its file. Services, the change watch and the
      // handlers all hold that closed connection; a fresh process opens the store (restored, or
      // the old one if the restore failed) through the same startup checks as any start.
      onStoreClosed: (outcome) => {
        // Told before the relaunch takes the window away; the restart waits for the user's OK.
        const { type, message, detail } = reopenNotice(outcome);
        const box = { type, title: 'Keydesk', message, detail, buttons: [REOPEN_BUTTON], noLink: true };
        void (mainWindow ? dialog.showMessageBox(mainWindow, box) : dialog.showMessageBox(box))
          // exit() skips before-quit: a copied key still waiting to be cleared is cleared first.
          .finally(() => secretClipboard.clearNow())
          .finally(() => {
            app.relaunch();
            app.exit(0);
          });
      },
    });
    registerIpcHandlers(ipcMain, handlers, {
      isTrustedSender: trustFramesFrom([APP_ORIGIN]),
      onInternalError: (channel, error) => console.error(`ipc ${channel}: unexpected error`, error instanceof Error ? error.stack : error),
    });

    serveApp(protocol, RENDERER_DIR);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          isDev: !packaged,
          send: (command) => void emit('menu:command', { command }),
        }),
      ),
    );

    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    mainWindow = createMainWindow(BrowserWindow, {
      preload: PRELOAD,
      bounds: restorableBounds(settings.port.get().windowBounds, workAreas),
      devTools: !packaged,
    });
    rememberBounds(mainWindow, settings.port);
    mainWindow.on('closed', () => (mainWindow = null));

    if (settings.problems.length > 0) {
      void dialog.showMessageBox(mainWindow, {
        type: 'warning',
        message: 'Some settings were reset',
        detail: settings.problems.join('\n'),
      });
    }

    // The CLI or the local API committed to the store: tell the renderer to reload.
    const watch = watchExternalChanges(store.db, () => void emit('store:changed', { external: true }));
    app.on('will-quit', () => {
      watch.stop();
      void localApi.stop();
      store.close();
    });
  });
}
