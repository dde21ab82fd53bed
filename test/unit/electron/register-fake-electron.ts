/** `node --import` this to resolve `electron` to fake-electron.ts (for the main-bundle test). */
import { registerHooks } from 'node:module';

const fake = new URL('./fake-electron.ts', import.meta.url).href;
registerHooks({
  resolve: (specifier, context, next) => (specifier === 'electron' ? { url: fake, shortCircuit: true } : next(specifier, context)),
});
