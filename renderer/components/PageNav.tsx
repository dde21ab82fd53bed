/**
 * The page switcher under the top bar: Keys, Audit, Activity log, Inventory, Settings. A navigation landmark
 * of plain buttons, the current one marked `aria-current="page"`; Tab moves between them.
 */
import { memo } from 'react';
import { PAGES, type PageId } from '../app/pages.ts';
import '../pages/pages.css';

interface Props {
  readonly page: PageId;
  readonly onPage: (page: PageId) => void;
  readonly inert: boolean;
}

export const PageNav = memo(function PageNav({ page, onPage, inert }: Props) {
  return (
    <nav className="page-nav" aria-label="Pages" inert={inert}>
      <ul className="page-nav__list">
        {PAGES.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="page-nav__item"
              aria-current={entry.id === page ? 'page' : undefined}
              aria-keyshortcuts={'shortcut' in entry ? entry.shortcut : undefined}
              onClick={() => onPage(entry.id)}
            >
              {entry.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
});
