/**
 * The pull channels: `pull:start` reads a live SendGrid account into the store as `keydesk pull`
 * does, reporting `pull:progress` events; `pull:cancel` stops it, and nothing is written. The key
 * arrives in the start request and lives only in this call's scope while the pull runs: it is
 * never stored, logged, or sent back (no result or error carries it).
 */
import { conflict } from '../../common/errors.ts';
import type { Caller } from '../services/caller.ts';
import { Cancelled, pullFromSendGrid } from '../services/sendgrid-pull.ts';
import type { Services } from '../services/services.ts';
import type { Handlers } from './dispatcher.ts';
import type { Emit } from './events.ts';

export interface PullHandlerDeps {
  readonly services: Services;
  readonly emit: Emit;
  readonly callerOn: (account?: string) => Caller;
}

export function createPullHandlers({ services, emit, callerOn }: PullHandlerDeps): Pick<Handlers, 'pull:start' | 'pull:cancel'> {
  let running: AbortController | null = null;
  return {
    'pull:start': async ({ account, api_key, subusers, base_url }) => {
      const caller = callerOn(account);
      if (running) throw conflict(null, 'a pull is already running: wait for it, or cancel it');
      const controller = new AbortController();
      running = controller;
      try {
        return await pullFromSendGrid(services.store, {
          caller,
          clock: services.clock,
          apiKey: api_key,
          subusers: subusers === true,
          ...(base_url !== undefined && { baseUrl: base_url }),
          signal: controller.signal,
          // Progress is a courtesy to the window: a failed push (the window closing) never fails the pull.
          onProgress: (progress) => void emit('pull:progress', progress).catch(() => undefined),
        });
      } catch (error) {
        if (error instanceof Cancelled) return null;
        throw error;
      } finally {
        running = null;
      }
    },
    'pull:cancel': () => {
      const cancelled = running !== null;
      running?.abort();
      return { cancelled };
    },
  };
}
