/** The window's top bar: the app's name, the account switcher and the theme switch. */
import { memo } from 'react';
import { AccountSwitcher, type AccountAction } from './AccountSwitcher.tsx';
import { KeyIcon } from './icons.tsx';
import { ThemeMenu } from './ThemeMenu.tsx';

export const TopBar = memo(function TopBar({ inert, onAccountAction }: { readonly inert: boolean; readonly onAccountAction: (action: AccountAction) => void }) {
  return (
    <header className="topbar" inert={inert}>
      <div className="topbar__start">
        <div className="brand">
          <span className="brand__mark">
            <KeyIcon />
          </span>
          Keydesk
        </div>
        <AccountSwitcher onAction={onAccountAction} />
      </div>
      <ThemeMenu />
    </header>
  );
});
