/**
 * One of the app's pages beside the key list (Audit, Activity log, Inventory, Settings): a main
 * region named by its heading, with a line under it, that scrolls as a whole.
 */
import type { ReactNode } from 'react';

interface Props {
  /** Makes the heading's id, `<id>-title`. */
  readonly id: string;
  readonly title: string;
  readonly meta?: ReactNode;
  /** Behind a dialog: not reachable until it closes. */
  readonly inert: boolean;
  /** Still loading what it shows. */
  readonly busy?: boolean;
  readonly children?: ReactNode;
}

export function ScrollPage({ id, title, meta, inert, busy, children }: Props) {
  return (
    <main className="scroll-page" inert={inert} aria-labelledby={`${id}-title`} aria-busy={busy}>
      <div className="page">
        <div className="page__header">
          <div>
            <h1 id={`${id}-title`}>{title}</h1>
            {meta ? <p className="page__meta">{meta}</p> : null}
          </div>
        </div>
        {children}
      </div>
    </main>
  );
}
