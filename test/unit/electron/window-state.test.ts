import Conf from 'conf';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { expect, it } from 'vitest';
import { rememberBounds, restorableBounds } from '../../../main/electron/window-state.ts';
import { createSettingsPort, settingsFileOptions } from '../../../main/settings/settings-store.ts';
import { tempDir } from '../../helpers/temp-store.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 877 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

it('restores saved bounds that are on a connected display', () => {
  expect(restorableBounds({ x: 100, y: 80, width: 1000, height: 700 }, [laptop])).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
  expect(restorableBounds({ x: 2000, y: 100, width: 1000, height: 700 }, [laptop, external])).toMatchObject({ x: 2000 });
});

it('drops bounds left on an unplugged monitor, or with the title bar off screen', () => {
  expect(restorableBounds({ x: 2000, y: 100, width: 1000, height: 700 }, [laptop])).toBeNull();
  expect(restorableBounds({ x: 1400, y: 100, width: 1000, height: 700 }, [laptop])).toBeNull();
  expect(restorableBounds({ x: 100, y: -500, width: 1000, height: 400 }, [laptop])).toBeNull();
  expect(restorableBounds(null, [laptop])).toBeNull();
});

it('saves the normal bounds to the real settings file when the window closes', () => {
  const dir = tempDir();
  try {
    const settings = createSettingsPort(new Conf({ cwd: join(dir, 'settings'), ...settingsFileOptions('0.1.0') }));
    const listeners: (() => void)[] = [];
    rememberBounds({ getNormalBounds: () => ({ x: 12.4, y: 40, width: 1024, height: 700.6 }), on: (_event, listener) => listeners.push(listener) }, settings);
    expect(settings.get().windowBounds).toBeNull();
    listeners.forEach((listener) => listener());
    const reopened = createSettingsPort(new Conf({ cwd: join(dir, 'settings'), ...settingsFileOptions('0.1.0') }));
    expect(reopened.get().windowBounds).toEqual({ x: 12, y: 40, width: 1024, height: 701 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
