/**
 * A review report as PDF, printed by Chromium: the report's HTML in a hidden window with no
 * preload, no script and its own sandbox, printed with its print styles, then closed. Electron is
 * passed in as the one constructor used, so only main.ts imports `electron`.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

interface HiddenWindow {
  loadURL(url: string): Promise<void>;
  readonly webContents: { printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array> };
  destroy(): void;
}

export const REPORT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, spellcheck: false },
};

export function createReportPrinter(makeWindow: (options: BrowserWindowConstructorOptions) => HiddenWindow): (html: string) => Promise<Uint8Array> {
  return async (html) => {
    const window = makeWindow(REPORT_WINDOW_OPTIONS);
    try {
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      // The report's @page rule sets the paper (A4, landscape) and margins.
      return await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    } finally {
      window.destroy();
    }
  };
}
