/**
 * Keyboard shortcuts of the page: Ctrl/Cmd+N creates a key, Ctrl/Cmd+, opens the settings (the
 * application menu sends the same commands in Electron), Ctrl/Cmd+F goes to the search box.
 * Ignored while a dialog is open.
 */
import { useEffect, useRef } from 'react';

interface Shortcuts {
  readonly newKey: () => void;
  readonly find: () => void;
  readonly settings: () => void;
}

export function useShortcuts(shortcuts: Shortcuts): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      const key = event.key.toLowerCase();
      if (key === 'n') {
        event.preventDefault();
        latest.current.newKey();
      } else if (key === 'f') {
        event.preventDefault();
        latest.current.find();
      } else if (key === ',') {
        event.preventDefault();
        latest.current.settings();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
