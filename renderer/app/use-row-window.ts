/**
 * Which rows of a list of fixed-height rows to render: those in the scroll element's view, plus
 * `overscan` either side. Every row is `rowHeight` tall, so where a row sits is arithmetic, and a
 * keystroke that changes the list's length from 100 rows to 100,000 costs nothing here. (A general
 * virtualizer measures rows of any height: it keeps a record per row and rebuilds them all whenever
 * the count changes, a few milliseconds per keystroke at 100,000 keys.)
 *
 * Scrolling and resizing re-render at once (flushSync), within the frame that shows them, so no
 * frame paints the list's rows missing.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowWindow {
  /** The first row to render, and one past the last. */
  readonly start: number;
  readonly end: number;
  /** The whole list's height (px). */
  readonly height: number;
  /** Scrolls the least that brings row `index` wholly into view. */
  readonly scrollToIndex: (index: number) => void;
}

interface View {
  /** The element's scroll offset and height (px), as last read. */
  readonly top: number;
  readonly height: number;
}

export function useRowWindow(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan: number): RowWindow {
  const [view, setView] = useState<View>({ top: 0, height: 0 });
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    // A new view only when it shows other rows: scrolling within a row re-renders nothing.
    const read = () => {
      const next = { top: element.scrollTop, height: element.clientHeight };
      const rows = (view: View) => `${Math.floor(view.top / rowHeight)} ${Math.ceil(view.height / rowHeight)}`;
      setView((last) => (rows(last) === rows(next) ? last : next));
    };
    read();
    const now = () => flushSync(read);
    element.addEventListener('scroll', now, { passive: true });
    const resize = new ResizeObserver(now);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', now);
      resize.disconnect();
    };
  }, [scrollRef, rowHeight]);

  const height = count * rowHeight;
  // Nothing is in view of an element not laid out (a page not shown): no rows.
  if (view.height === 0) return { start: 0, end: 0, height, scrollToIndex: () => undefined };
  // A list that got shorter than the offset is scrolled back by the browser at its next layout: count from there already.
  const top = Math.min(view.top, Math.max(0, height - view.height));
  const first = Math.floor(top / rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, first + Math.ceil(view.height / rowHeight) + 1 + overscan),
    height,
    scrollToIndex: (index) => {
      const element = scrollRef.current;
      if (!element) return;
      const rowTop = index * rowHeight;
      if (rowTop < element.scrollTop) element.scrollTop = rowTop;
      else if (rowTop + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = rowTop + rowHeight - element.clientHeight;
    },
  };
}
