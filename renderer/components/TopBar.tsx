/**
 * The window's top bar, one row: the app's mark, the account switcher, the page switcher and the
 * theme switch. One row, not two, so a short window keeps its height for the key list.
 */
import { memo, type ReactNode } from 'react';
import { AccountSwitcher, type AccountAction } from './AccountSwitcher.tsx';
import { KeyIcon } from './icons.tsx';
import { ThemeMenu } from './ThemeMenu.tsx';

interface Props {
  readonly inert: boolean;
  readonly onAccountAction: (action: AccountAction) => void;
  /** The page switcher (PageNav). */
  readonly nav: ReactNode;
}

export const TopBar = memo(function TopBar({ inert, onAccountAction, nav }: Props) {
  return (
    <header className="topbar" inert={inert}>
      <div className="topbar__start">
        <div className="brand">
          <span className="brand__mark">
            <KeyIcon />
          </span>
          <span className="brand__name">Keydesk</span>
        </div>
        <AccountSwitcher onAction={onAccountAction} />
      </div>
      {nav}
      <ThemeMenu />
    </header>
  );
});
