/**
 * What the desktop app says after an in-app restore closed the key store. The app reopens the
 * store by relaunching, which takes the window (and whatever it showed) away, so the outcome is
 * told in a native box first, a failure with the reason it was given.
 */
import type { StoreClosedOutcome } from '../ipc/handlers.ts';

export interface ReopenNotice {
  readonly type: 'info' | 'warning';
  readonly message: string;
  readonly detail: string;
}

export const REOPEN_BUTTON = 'Restart Keydesk';

export function reopenNotice(outcome: StoreClosedOutcome): ReopenNotice {
  if (outcome.kind === 'restored') {
    const { restored_from, replaced_file } = outcome.restored;
    const aside = replaced_file ? `\nThe store it replaced is kept as ${replaced_file}.` : '';
    return {
      type: 'info',
      message: 'The backup was restored',
      detail: `Restored from ${restored_from}.${aside}\n\nKeydesk restarts now and opens the restored store.`,
    };
  }
  const next = 'Keydesk restarts now and opens the key store again, with the checks it makes at every start.';
  return {
    type: 'warning',
    message: 'The backup was not restored',
    detail: `${outcome.message}\n\n${outcome.storeUnchanged ? `The key store was not changed. ${next}` : next}`,
  };
}
