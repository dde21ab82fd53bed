#!/usr/bin/env node
// The `keydesk` executable. Node 22.18+ runs this TypeScript directly (type stripping); the
// compile cache makes repeated runs start faster.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
const { run } = await import('./program.ts');
process.exitCode = await run(process.argv.slice(2));
