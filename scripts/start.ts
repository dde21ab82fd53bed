/**
 * `npm start`: build, then run the desktop app in Electron. Where the Electron binary is not
 * installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or no network when installing), it says so in one
 * short message and exits 1, instead of the electron package trying to download it offline and
 * failing with stack traces. The command line needs no Electron, so it says that too.
 */
import { spawn } from 'node:child_process';
import { buildAll, ROOT } from './build.ts';
import { findElectronBinary } from './electron-binary.ts';

const binary = findElectronBinary();
if (binary.path === null) {
  process.stderr.write(
    `npm start: ${binary.reason}.\n` +
      'On a machine with network access, get it with: npx install-electron\n' +
      'The command line works without it meanwhile: npx keydesk --help\n',
  );
  process.exit(1);
}

await buildAll();
const app = spawn(binary.path, ['.'], { cwd: ROOT, stdio: 'inherit' });
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
