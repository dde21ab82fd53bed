/**
 * A review report as PDF, printed by Chromium: the report's HTML in a hidden window with no
 * preload, no script and its own sandbox, printed with its print styles, then closed. The window
 * class is passed in (only main.ts imports `electron`), and its options are written out here, where
 * the electronegativity scan sees them.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

interface HiddenWindow {
  loadURL(url: string): Promise<void>;
  readonly webContents: { printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array> };
  destroy(): void;
}

type HiddenWindowClass = new (options: BrowserWindowConstructorOptions) => HiddenWindow;

export function createReportPrinter(BrowserWindow: HiddenWindowClass): (html: string) => Promise<Uint8Array> {
  return async (html) => {
    const window = new BrowserWindow({
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        devTools: false,
        // The report has no script: none may run.
        javascript: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    try {
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      // The report's @page rule sets the paper (A4, landscape) and margins.
      return await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    } finally {
      window.destroy();
    }
  };
}
