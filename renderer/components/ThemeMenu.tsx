/** System / Light / Dark. Saved through main (`settings:set`), so the choice survives a restart. */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { JSX } from 'react';
import { useSettings, useStores } from '../app/stores-context.tsx';
import type { Theme } from '../stores/settings-store.ts';
import { CheckIcon, MonitorIcon, MoonIcon, SunIcon } from './icons.tsx';

const LABEL: Readonly<Record<Theme, string>> = { system: 'System', light: 'Light', dark: 'Dark' };
// The order shown; a Record over the Theme type keeps it complete without bundling the settings schema (zod).
const THEMES = Object.keys(LABEL) as Theme[];
const ICON: Readonly<Record<Theme, () => JSX.Element>> = { system: MonitorIcon, light: SunIcon, dark: MoonIcon };

export function ThemeMenu() {
  const theme = useSettings((state) => state.settings?.theme ?? 'system');
  const setTheme = useSettings((state) => state.setTheme);
  const toasts = useStores().toasts;
  const Current = ICON[theme];

  async function choose(value: string) {
    const result = await setTheme(value as Theme);
    if (!result.ok) toasts.getState().show('error', `Could not save the theme: ${result.errors.map((e) => e.message).join('; ')}`);
  }

  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="button button--ghost button--small" aria-label={`Theme: ${LABEL[theme]}`}>
          <Current />
          {LABEL[theme]}
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
                  {LABEL[option]}
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
