/**
 * Electron main: the app's lifecycle and the wiring of the pieces, which live in plain modules
 * (window.ts, protocol.ts, menu.ts, ...) that take Electron as a parameter. This file and
 * preload/index.ts are the only ones that import `electron`.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, ClipboardItem, dialog, ipcMain, Menu, protocol, screen } from 'electron';
import ElectronStore from 'electron-store';
import { cliArgumentsOf } from '../cli/app-arguments.ts';
import { makePrivateFolder } from '../core/private-files.ts';
import { reopenNotice, REOPEN_BUTTON } from '../app/reopen-notice.ts';
import { startStoreThread } from '../app/store-thread.ts';
import { registerForwardingIpc, trustFramesFrom } from '../ipc/dispatcher.ts';
import { createEventEmitter } from '../ipc/events.ts';
import { openSettings } from '../settings/open-settings.ts';
import type { SettingsPort } from '../settings/settings-store.ts';
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
// The store thread's bundle (main/app/store-worker.ts), built beside this one.
const STORE_WORKER = new URL('./store-worker.js', import.meta.url);

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
    // Opened once the store is (the store thread's first settings call): a start that ends at a
    // refused store leaves the data folder as it found it.
    let openedSettings: ReturnType<typeof openSettings<ElectronStore>> | null = null;
    const settingsFile = () => {
      if (openedSettings) return openedSettings;
      // electron-store names the file after `name` (default "config"), not conf's `configName`.
      openedSettings = openSettings((options) => new ElectronStore({ ...options, name: options.configName }), {
        cwd: app.getPath('userData'),
        projectVersion: app.getVersion(),
      });
      for (const problem of openedSettings.problems) console.warn(`settings: ${problem}`);
      // electron-store answers a synchronous 'electron-store-get-data' message for renderer-side use.
      // Our renderer never uses it; removing it leaves the dispatcher as the only IPC door into main.
      ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
      return openedSettings;
    };
    const settingsPort: SettingsPort = { get: () => settingsFile().port.get(), set: (patch) => settingsFile().port.set(patch) };
    const secretClipboard = createSecretClipboard(clipboard, (formats) => new ClipboardItem(formats), { platform: process.platform });
    clearBeforeQuit(app, secretClipboard);

    // The key store, its handlers and the local API run on a thread of their own, so nothing they
    // do holds this event loop. It opens the store first: a refused store (damaged, newer, ...) is
    // explained in a message box, untouched, with a backup offered where one fits, before any window.
    const storeThread = startStoreThread({
      script: STORE_WORKER,
      databasePath,
      appInfo: { version: app.getVersion(), database: databasePath, platform: process.platform },
      ports: {
        startPrompt: createStartPrompt(dialog),
        dialogs: createFileDialogs(dialog, () => mainWindow, settingsPort, app.getPath('documents')),
        clipboard: secretClipboard,
        copyText: (text) => clipboard.writeText(text),
        printToPdf: createReportPrinter(BrowserWindow),
        settings: settingsPort,
        send: (event, payload) => mainWindow?.webContents.send(event, payload),
        // store:restore-backup closed the store to swap its file; a fresh process opens the store
        // (restored, or the old one if the restore failed) through the same startup checks as any start.
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
      },
    });
    let stopped = false;
    // The store closes before the app goes: wait for the thread (it ends itself if it takes too long).
    app.on('will-quit', (event) => {
      if (stopped) return;
      event.preventDefault();
      void storeThread.stop().finally(() => {
        stopped = true;
        app.quit();
      });
    });
    const start = await storeThread.started.catch((error: unknown) => {
      dialog.showErrorBox('Keydesk cannot open its key store', error instanceof Error ? error.message : String(error));
      return { kind: 'quit' } as const;
    });
    if (start.kind === 'quit') return app.quit();

    const settings = settingsFile();
    // The sender check runs here, on main, before a call is forwarded.
    registerForwardingIpc(ipcMain, storeThread.call, { isTrustedSender: trustFramesFrom([APP_ORIGIN]) });
    const emit = createEventEmitter((event, payload) => mainWindow?.webContents.send(event, payload));

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
  });
}
