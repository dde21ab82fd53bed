/**
 * The layers ESLint keeps (eslint.config.js, drawn in docs/architecture.md): `npx eslint .` must
 * fail an import that points the wrong way, and the tree must hold none today.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** What ESLint says of `code`, placed at `file`, about layers and forbidden packages. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rule', () => {
  it.each([
    ['renderer/bad.ts', "import { openStore } from '../main/store/store.ts';\nexport const x = openStore;", /renderer may not import store/],
    ['main/store/bad.ts', "import { createServices } from '../services/services.ts';\nexport const x = createServices;", /store may not import services/],
    ['main/core/bad.ts', "import type { Store } from '../store/store.ts';\nexport type X = Store;", /core may not import store/],
    ['common/bad.ts', "import { OPERATIONS } from '../main/core/authorization.ts';\nexport const x = OPERATIONS;", /common may not import core/],
    ['main/services/bad.ts', "import type { Handlers } from '../ipc/dispatcher.ts';\nexport type X = Handlers;", /services may not import ipc/],
    ['preload/bad.ts', "import { validators } from '../main/ipc/validators.ts';\nexport const x = validators;", /preload may not import ipc/],
    ['main/services/bad.ts', "import { app } from 'electron';\nexport const x = app;", /Only main\/electron\/ and preload\/index.ts import electron/],
    ['preload/api.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", /Only main\/electron\/ and preload\/index.ts import electron/],
    ['renderer/bad.tsx', "import Store from 'electron-store';\nexport const x = Store;", /Only main\/electron\/ opens electron-store/],
    ['common/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /no Node built-ins/],
  ])('refuses %s importing the wrong way', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('allows the same imports where the table allows them', async () => {
    expect(await layerErrors('main/services/ok.ts', "import { openStore } from '../store/store.ts';\nexport const x = openStore;")).toEqual([]);
    expect(await layerErrors('renderer/ok.ts', "import { parseKey } from '../common/key-shape.ts';\nexport const x = parseKey;")).toEqual([]);
    expect(await layerErrors('main/electron/ok.ts', "import { app } from 'electron';\nexport const x = app;")).toEqual([]);
    expect(await layerErrors('preload/index.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;")).toEqual([]);
  });
});

it('no file of the renderer imports main/, and none of main/ imports preload/', () => {
  const grep = (pattern: string, ...paths: string[]) => {
    try {
      return execFileSync('git', ['grep', '-lE', pattern, '--', ...paths], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
    } catch (error) {
      // git grep exits 1 when nothing matches; anything else (no git, a bad pattern) is a failed scan, not a clean one.
      if ((error as { status?: number }).status === 1) return [];
      throw error;
    }
  };
  expect(grep(String.raw`from '(\.\./)+main/`, 'renderer')).toEqual([]);
  expect(grep(String.raw`from '(\.\./)+preload/`, 'main')).toEqual([]);
  // The check sees a match when there is one, and a scan that fails is not read as a clean one.
  expect(grep(String.raw`from '(\.\./)+common/`, 'renderer').length).toBeGreaterThan(10);
  expect(() => grep('(unclosed', 'renderer')).toThrow();
});
