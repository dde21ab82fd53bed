/**
 * A titled part of a page (Inventory, Settings): a section named by its heading, so assistive tech
 * lists it as a region, with an optional line on what it does.
 */
import type { ReactNode } from 'react';

interface Props {
  /** Makes the heading's id, `<id>-title`. */
  readonly id: string;
  readonly title: string;
  readonly intro?: ReactNode;
  /** Spans the page's whole width instead of one column. */
  readonly wide?: boolean;
  readonly children?: ReactNode;
}

export function Panel({ id, title, intro, wide = false, children }: Props) {
  return (
    <section className={wide ? 'panel panel--wide' : 'panel'} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        {title}
      </h2>
      {intro !== undefined && <p className="panel__text">{intro}</p>}
      {children}
    </section>
  );
}
