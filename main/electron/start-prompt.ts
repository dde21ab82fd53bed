/**
 * The startup question (a refused key store, see main/app/open-store-at-start.ts) as Electron's
 * native message box. It is asked before any window exists, so the box stands alone.
 */
import type { MessageBoxOptions } from 'electron';
import { CHOICE_LABELS, type StartPrompt } from '../app/open-store-at-start.ts';

export interface MessageBoxLike {
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
}

export function createStartPrompt(dialog: MessageBoxLike): StartPrompt {
  return {
    async ask({ message, detail, choices, defaultChoice }) {
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        title: 'Keydesk',
        message,
        detail,
        buttons: choices.map((choice) => CHOICE_LABELS[choice]),
        defaultId: choices.indexOf(defaultChoice),
        // Escape (and closing the box) answers Quit: nothing is touched unless Restore is pressed.
        cancelId: Math.max(0, choices.indexOf('quit')),
        // Keep the buttons as buttons on Windows, not "command links" with the detail squeezed in.
        noLink: true,
      });
      return choices[response] ?? 'quit';
    },
  };
}
