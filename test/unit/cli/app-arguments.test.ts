/** Which starts of the app's binary are the command line (main/cli/app-arguments.ts), and which are the app. */
import { describe, expect, it } from 'vitest';
import { cliArgumentsOf } from '../../../main/cli/app-arguments.ts';

const packaged = (...args: string[]) => cliArgumentsOf(['/opt/Keydesk/keydesk', ...args], false);
const dev = (...args: string[]) => cliArgumentsOf(['/path/to/electron', '.', ...args], true);

describe('cliArgumentsOf', () => {
  it('the launchers: switches, then --cli and --, then the arguments untouched', () => {
    expect(packaged('--ozone-platform=headless', '--disable-gpu', '--cli', '--', 'keys', 'show', '-abc')).toEqual(['keys', 'show', '-abc']);
    expect(packaged('--cli', '--', '--db', 'x.db', 'keys', 'list')).toEqual(['--db', 'x.db', 'keys', 'list']);
    // One -- is the launcher's; a second one is the user's own (operands follow it).
    expect(packaged('--cli', '--', 'keys', 'show', '--', '-abc')).toEqual(['keys', 'show', '--', '-abc']);
    expect(packaged('--cli')).toEqual([]);
    expect(dev('--cli', '--', 'scopes')).toEqual(['scopes']);
  });

  it('the binary itself, started with a command or a global flag', () => {
    expect(packaged('keys', 'list')).toEqual(['keys', 'list']);
    expect(packaged('--db=x.db', 'audit')).toEqual(['--db=x.db', 'audit']);
    expect(packaged('--version')).toEqual(['--version']);
    expect(packaged('help', 'keys')).toEqual(['help', 'keys']);
    expect(dev('serve', '--port', '0')).toEqual(['serve', '--port', '0']);
  });

  it('anything else starts the app: no arguments, Chromium switches, a file, macOS\'s process serial number', () => {
    expect(packaged()).toBeNull();
    expect(dev()).toBeNull();
    expect(packaged('--no-sandbox')).toBeNull();
    expect(packaged('/home/me/keys.csv')).toBeNull();
    expect(packaged('-psn_0_12345')).toBeNull();
    // --cli counts only after switches: after an argument it is that argument's business.
    expect(packaged('keys.csv', '--cli')).toBeNull();
  });
});
