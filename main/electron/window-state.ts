/**
 * Remembering the window's position and size in settings. Saved bounds are used only if enough of
 * the window would land on a connected display (a monitor may have been unplugged since).
 */
import type { Rectangle } from 'electron';
import type { SettingsPort } from '../settings/settings-store.ts';

/** How much of the title bar area must be visible on some display. */
const MIN_VISIBLE = 100;

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

export function restorableBounds(saved: Rectangle | null, workAreas: readonly Rectangle[]): Rectangle | null {
  if (!saved) return null;
  const titleBar = { ...saved, height: Math.min(saved.height, 40) };
  const visible = workAreas.some((area) => {
    const { width, height } = overlap(titleBar, area);
    return width >= MIN_VISIBLE && height > 0;
  });
  return visible ? saved : null;
}

export interface TrackedWindowLike {
  getNormalBounds(): Rectangle;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's normal (not maximised) bounds when it closes. */
export function rememberBounds(window: TrackedWindowLike, settings: SettingsPort): void {
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    const bounds = { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
    try {
      settings.set({ windowBounds: bounds });
    } catch {
      // Bounds outside the schema's range (a tiny or huge window) are simply not remembered.
    }
  });
}
