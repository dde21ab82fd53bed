/** A packaged app refuses to start with a debugger attached (main/electron/debug-switches.ts), against a recording app. */
import { describe, expect, it } from 'vitest';
import { DEBUGGING_SWITCHES, debuggingSwitches, refusalMessage, refuseDebugging, type CommandLineLike } from '../../../main/electron/debug-switches.ts';

/** Chromium's command line as the fake has it: the switches it parsed, and those taken off. */
class RecordingCommandLine implements CommandLineLike {
  readonly removed: string[] = [];
  readonly switches: readonly string[];
  constructor(switches: readonly string[] = []) {
    this.switches = switches;
  }
  hasSwitch(name: string) {
    return this.switches.includes(name) && !this.removed.includes(name);
  }
  removeSwitch(name: string) {
    this.removed.push(name);
  }
}

function start(argv: string[], { packaged = true, env = {}, platform = 'linux' as NodeJS.Platform, parsed = [] as string[] } = {}) {
  const events: string[] = [];
  const commandLine = new RecordingCommandLine(parsed);
  const app = { commandLine, exit: (code: number) => void events.push(`exit ${code}`) };
  const dialog = { showErrorBox: (title: string, content: string) => void events.push(`${title}: ${content}`) };
  const refused = refuseDebugging(app, dialog, { packaged, argv: ['/opt/Keydesk/keydesk', ...argv], env, platform });
  return { refused, events, removed: commandLine.removed };
}

describe('a packaged build', () => {
  it('refuses --remote-debugging-port and --inspect, says why, takes them off Chromium\'s command line and exits 1', () => {
    const { refused, events, removed } = start(['--remote-debugging-port=9222', '--inspect']);
    expect(refused).toBe(true);
    expect(events).toEqual([`Keydesk: ${refusalMessage(['remote-debugging-port', 'inspect'])}`, 'exit 1']);
    expect(events[0]).toMatch(/remove --remote-debugging-port, --inspect and start it again/);
    expect(removed).toEqual(['remote-debugging-port', 'inspect']);
  });

  it('finds each debugging switch in every form Chromium and Node accept', () => {
    for (const name of DEBUGGING_SWITCHES) {
      for (const arg of [`--${name}`, `--${name}=0`, `-${name}`, `-${name}=127.0.0.1:9229`]) expect(start([arg]).refused, arg).toBe(true);
    }
    expect(start(['/REMOTE-DEBUGGING-PORT=9222'], { platform: 'win32' }).refused).toBe(true);
    expect(start(['--Remote-Debugging-Port=9222'], { platform: 'win32' }).refused).toBe(true);
    expect(start(['--remote-debugging-pipe'], { platform: 'darwin' }).refused).toBe(true);
    expect(start([], { parsed: ['remote-debugging-port'] }).refused).toBe(true); // as Chromium parsed it
    expect(start([], { env: { NODE_OPTIONS: '--max-old-space-size=4096 --inspect-brk=0' } }).refused).toBe(true);
  });

  it('starts normally without one, and with look-alikes that open no debugger', () => {
    for (const argv of [[], ['--lang=de'], ['--inspector'], ['--', '--inspect'], ['/inspect'], ['report--inspect.txt']]) {
      const { refused, events } = start(argv);
      expect([refused, events], argv.join(' ')).toEqual([false, []]);
    }
    expect(start([], { env: { NODE_OPTIONS: '--max-old-space-size=4096' } }).refused).toBe(false);
  });
});

it('a development build keeps them: Playwright\'s Electron driver starts the app with --inspect and --remote-debugging-port', () => {
  expect(start(['--inspect=0', '--remote-debugging-port=0'], { packaged: false })).toEqual({ refused: false, events: [], removed: [] });
});

it('lists each switch once, however often it is given', () => {
  expect(debuggingSwitches(['exe', '--inspect', '--inspect=0', '-inspect'], {}, 'linux', new RecordingCommandLine(['inspect']))).toEqual(['inspect']);
});
