/**
 * Short notices: what just happened, or an error that names no form field. Never a secret: the
 * messages come from the UI's own text or from main's errors, which carry none.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type ToastTone = 'success' | 'error' | 'info';

export interface Toast {
  readonly id: number;
  readonly tone: ToastTone;
  readonly message: string;
}

export interface ToastState {
  readonly toasts: readonly Toast[];
  show(tone: ToastTone, message: string): void;
  dismiss(id: number): void;
}

export type ToastStore = StoreApi<ToastState>;

/** Errors stay until dismissed, so they can be read; other notices leave after `ttlMs`. */
export function createToastStore(ttlMs = 5000): ToastStore {
  let next = 1;
  return createStore<ToastState>()((set, get) => ({
    toasts: [],
    show(tone, message) {
      // The same notice twice (Create pressed again at the limit) stays one notice.
      if (get().toasts.some((toast) => toast.tone === tone && toast.message === message)) return;
      const id = next++;
      // Keep the region short: the newest four notices.
      set({ toasts: [...get().toasts, { id, tone, message }].slice(-4) });
      if (tone !== 'error') setTimeout(() => get().dismiss(id), ttlMs);
    },
    dismiss(id) {
      set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
    },
  }));
}
