/**
 * The startup question as Electron's message box: a warning with the choices as buttons, Enter on
 * the default and Escape on Quit, and the button pressed mapped back to the choice.
 */
import type { MessageBoxOptions } from 'electron';
import { expect, it } from 'vitest';
import type { StartQuestion } from '../../../main/app/open-store-at-start.ts';
import { createStartPrompt, type MessageBoxLike } from '../../../main/electron/start-prompt.ts';

/** Electron's dialog needs a display and a person: this one records the options and presses a button by index. */
class ScriptedMessageBox implements MessageBoxLike {
  readonly shown: MessageBoxOptions[] = [];
  readonly pressed: number;
  constructor(pressed: number) {
    this.pressed = pressed;
  }
  showMessageBox(options: MessageBoxOptions) {
    this.shown.push(options);
    return Promise.resolve({ response: this.pressed });
  }
}

const offer: StartQuestion = { message: 'Keydesk cannot open its key store', detail: 'refusing to open ...', choices: ['restore', 'quit'], defaultChoice: 'restore' };

it('shows a warning with Restore backup and Quit, Enter on the default and Escape on Quit', async () => {
  const box = new ScriptedMessageBox(0);
  expect(await createStartPrompt(box).ask(offer)).toBe('restore');
  expect(box.shown).toEqual([
    {
      type: 'warning',
      title: 'Keydesk',
      message: 'Keydesk cannot open its key store',
      detail: 'refusing to open ...',
      buttons: ['Restore backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    },
  ]);
});

it('maps the button pressed (or Escape, which answers cancelId) back to the choice', async () => {
  expect(await createStartPrompt(new ScriptedMessageBox(1)).ask(offer)).toBe('quit');
  const newer = new ScriptedMessageBox(1);
  expect(await createStartPrompt(newer).ask({ ...offer, defaultChoice: 'quit' })).toBe('quit');
  expect(newer.shown[0]).toMatchObject({ defaultId: 1, cancelId: 1 });
  const only = new ScriptedMessageBox(0);
  expect(await createStartPrompt(only).ask({ ...offer, choices: ['quit'], defaultChoice: 'quit' })).toBe('quit');
  expect(only.shown[0]).toMatchObject({ buttons: ['Quit'], defaultId: 0, cancelId: 0 });
});
