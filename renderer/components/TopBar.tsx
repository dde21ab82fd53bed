/** The window's top bar: the app's name and the theme switch. */
import { memo } from 'react';
import { KeyIcon } from './icons.tsx';
import { ThemeMenu } from './ThemeMenu.tsx';

export const TopBar = memo(function TopBar({ inert }: { readonly inert: boolean }) {
  return (
    <header className="topbar" inert={inert}>
      <div className="brand">
        <span className="brand__mark">
          <KeyIcon />
        </span>
        Keydesk
      </div>
      <ThemeMenu />
    </header>
  );
});
