// typescript-eslint, parsing with the TypeScript 6 installed beside it rather than the project's
// TypeScript 7 (see package.json). npm hoists some of its helpers (ts-api-utils) to the root, where a
// plain `require('typescript')` would find TypeScript 7, which has no JavaScript API: inside this
// ESLint process only, every import of `typescript` resolves to this workspace's copy.
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const typescript = pathToFileURL(createRequire(import.meta.url).resolve('typescript')).href;
registerHooks({
  resolve: (specifier, context, next) => (specifier === 'typescript' ? { url: typescript, format: 'commonjs', shortCircuit: true } : next(specifier, context)),
});

export default (await import('typescript-eslint')).default;
