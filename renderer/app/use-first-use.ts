/**
 * A row control that mounts its Radix part (a menu, a tooltip) on first use. A keystroke in the
 * search box shows other keys in the ~25 rows on screen, and each row re-renders: a plain button
 * costs a fraction of a Radix root, trigger, popper anchor and slot. So until the user first
 * points at, focuses or presses a row's control, a plain button stands in for it; the component
 * then mounts the real control and replays that first use on it, so it reacts exactly as if it had
 * been there all along (docs/performance.md, "Filter keystroke to paint").
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * How the control for key `id` was first used (`Use` is the component's own record of it), or null
 * while the plain stand-in shows. A row shown for another key forgets it: its control is plain again.
 */
export function useFirstUse<Use>(id: string): readonly [used: Use | null, use: (how: Use) => void] {
  const [used, setUsed] = useState<{ readonly id: string; readonly how: Use } | null>(null);
  if (used !== null && used.id !== id) setUsed(null);
  return [used?.id === id ? used.how : null, (how) => setUsed({ id, how })];
}

/**
 * Runs `replay` on the mounted control once, after the effects of the Radix parts inside the
 * component (children's effects run first), so their document listeners see the replayed event.
 */
export function useReplay(control: RefObject<HTMLElement | null>, replay: (control: HTMLElement) => void): void {
  const replayed = useRef(false);
  useEffect(() => {
    if (replayed.current || control.current === null) return;
    replayed.current = true;
    replay(control.current);
  });
}
