// ESLint for the whole tree: typescript-eslint's recommended rules, React's hooks rules, and the
// layer table (docs/architecture.md), which `npx eslint .` enforces on every import.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'keydesk-typescript-eslint';

/**
 * The layers, lowest first. Each may import from the layers it lists (and from itself); nothing
 * may import upwards. `common/` is platform-neutral ground shared by main, the preload and the
 * renderer; main's layers point down from the Electron glue to its core.
 */
export const LAYERS = {
  common: { path: 'common', may: [] },
  core: { path: 'main/core', may: ['common'] },
  store: { path: 'main/store', may: ['core', 'common'] },
  settings: { path: 'main/settings', may: ['core', 'common'] },
  services: { path: 'main/services', may: ['store', 'core', 'common'] },
  ipc: { path: 'main/ipc', may: ['services', 'settings', 'store', 'core', 'common'] },
  server: { path: 'main/server', may: ['services', 'settings', 'store', 'core', 'common'] },
  cli: { path: 'main/cli', may: ['server', 'services', 'settings', 'store', 'core', 'common'] },
  app: { path: 'main/app', may: ['ipc', 'server', 'cli', 'services', 'settings', 'store', 'core', 'common'] },
  electron: { path: 'main/electron', may: ['app', 'ipc', 'server', 'cli', 'services', 'settings', 'store', 'core', 'common'] },
  preload: { path: 'preload', may: ['common'] },
  renderer: { path: 'renderer', may: ['common'] },
};

const layerFiles = (layer) => [`${LAYERS[layer].path}/**/*.{ts,tsx}`];

/** Only the Electron glue touches Electron; common/ and the renderer run in a browser, without Node. */
const noElectron = {
  paths: [
    { name: 'electron', message: 'Only main/electron/ and preload/index.ts import electron: everything else runs under plain Node in tests.' },
    { name: 'electron-store', message: 'Only main/electron/ opens electron-store; main/settings/ works on any conf-like store.' },
  ],
};
const noNode = { group: ['node:*'], message: 'common/ and the renderer run in the browser too: no Node built-ins.' };

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'release/', 'out/', 'test/artifacts/', 'test-results/', 'playwright-report/', 'tools/*/node_modules/', '.scratch/', 'reports/', '.stryker-tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    // The rules of hooks, and effects that name what they read. (The React Compiler's stricter
    // rules in the plugin's recommended set are for compiled code; Keydesk's renderer is not compiled.)
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['common/**/*.ts', 'main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': Object.entries(LAYERS).map(([type, { path }]) => ({ type, pattern: `${path}/**` })),
      'boundaries/include': ['common/**/*', 'main/**/*', 'preload/**/*', 'renderer/**/*'],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: '{{from.type}} may not import {{to.type}}: see the layer table in docs/architecture.md',
          policies: Object.entries(LAYERS).map(([type, { may }]) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: [type, ...may] } } } },
          })),
        },
      ],
    },
  },
  {
    // preload/index.ts is the preload's one Electron file; the API it exposes is built without it.
    files: [...['core', 'store', 'settings', 'services', 'ipc', 'server', 'cli', 'app', 'preload'].flatMap(layerFiles)],
    ignores: ['preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: [...layerFiles('common'), ...layerFiles('renderer')],
    // The renderer's build config runs in Node, not in the window.
    ignores: ['renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': ['error', { ...noElectron, patterns: [noNode] }] },
  },
);
