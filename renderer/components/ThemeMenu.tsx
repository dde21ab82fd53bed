/** System / Light / Dark. Saved through main (`settings:set`), so the choice survives a restart. */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { JSX } from 'react';
import { messageOf } from '../../common/errors.ts';
import { useSettings, useStores } from '../app/stores-context.tsx';
import type { Theme } from '../stores/settings-store.ts';
import { CheckIcon, MonitorIcon, MoonIcon, SunIcon } from './icons.tsx';

export const THEME_LABEL: Readonly<Record<Theme, string>> = { system: 'System', light: 'Light', dark: 'Dark' };
// The order shown; a Record over the Theme type keeps it complete without bundling the settings schema (zod).
export const THEMES = Object.keys(THEME_LABEL) as Theme[];
const ICON: Readonly<Record<Theme, () => JSX.Element>> = { system: MonitorIcon, light: SunIcon, dark: MoonIcon };

/** Chooses a theme, with a notice when main could not save it: for this menu and the Settings page. */
export function useChooseTheme(): (value: string) => Promise<void> {
  const setTheme = useSettings((state) => state.setTheme);
  const toasts = useStores().toasts;
  return async (value) => {
    const result = await setTheme(value as Theme);
    if (!result.ok) toasts.getState().show('error', `Could not save the theme: ${messageOf(result, '; ')}`);
  };
}

export function ThemeMenu() {
  const theme = useSettings((state) => state.settings?.theme ?? 'system');
  const choose = useChooseTheme();
  const Current = ICON[theme];

  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="button button--ghost button--small" aria-label={`Theme: ${THEME_LABEL[theme]}`}>
          <Current />
          <span className="theme-menu__label">{THEME_LABEL[theme]}</span>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Label className="menu__label">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={theme} onValueChange={(value) => void choose(value)}>
            {THEMES.map((option) => {
              const Icon = ICON[option];
              return (
                <DropdownMenu.RadioItem key={option} value={option} className="menu__item">
                  <Icon />
                  {THEME_LABEL[option]}
                  <DropdownMenu.ItemIndicator className="menu__check">
                    <CheckIcon />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
