#!/usr/bin/env node
// The `keydesk` executable (built to dist/cli/keydesk.js). An older Node still runs these few
// lines, so it is told which version is needed instead of failing somewhere inside the CLI; the
// compile cache then lets every later run skip compiling the chunks it loads.
const NEEDED = [22, 18] as const;
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

if (major < NEEDED[0] || (major === NEEDED[0] && minor < NEEDED[1])) {
  process.stderr.write(`keydesk needs Node.js ${NEEDED.join('.')} or later; this is Node.js ${process.versions.node}.\n`);
  process.exitCode = 1;
} else {
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  const { runAsProcess } = await import('./process-run.ts');
  await runAsProcess(process.argv.slice(2));
}
