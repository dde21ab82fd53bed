/**
 * The clearing copy (main/electron/secret-clipboard.ts) against a recording clipboard: the key is
 * marked as a secret in each OS's own format, cleared after the delay if still there, and cleared
 * before the app quits rather than dropped.
 */
import { describe, expect, it } from 'vitest';
import {
  clearBeforeQuit,
  createSecretClipboard,
  QUIT_CLEAR_TIMEOUT_MS,
  type ClipboardFormats,
  type ClipboardLike,
  type QuittingApp,
  type TimersLike,
} from '../../../main/electron/secret-clipboard.ts';

/** An entry as the recording clipboard keeps it: its formats, Blobs read out as bytes. */
type Entry = Record<string, string | number[]>;

/** The system clipboard cannot be used in tests (it is shared with the machine's user); this one records. */
class MemoryClipboard implements ClipboardLike<ClipboardFormats> {
  entry: Entry = {};
  writes: Entry[] = [];
  clears = 0;
  async write(items: ClipboardFormats[]) {
    const entry: Entry = {};
    for (const [type, payload] of Object.entries(items[0] ?? {})) {
      entry[type] = typeof payload === 'string' ? payload : [...new Uint8Array(await payload.arrayBuffer())];
    }
    this.entry = entry;
    this.writes.push(entry);
  }
  async readText() {
    const text = this.entry['text/plain'];
    return typeof text === 'string' ? text : '';
  }
  clear() {
    this.clears++;
    this.entry = {};
  }
  /** What the user copying something else does. */
  userCopies(text: string) {
    this.entry = { 'text/plain': text };
  }
}

/** Timers the test fires by hand, so no test waits on the wall clock. */
class ManualTimers implements TimersLike {
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  #next = 1;
  setTimeout(callback: () => void, ms: number) {
    const id = this.#next++;
    this.pending.set(id, { callback, ms });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  /** Fires the timers set for `ms` (all when omitted), then lets the promises they started settle. */
  async fire(ms?: number) {
    for (const [id, timer] of [...this.pending]) {
      if (ms !== undefined && timer.ms !== ms) continue;
      this.pending.delete(id);
      timer.callback();
    }
    await settle();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const SECRET = 'SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const raw = (name: string) => `electron application/osclipboard;format="${name}"`;

function setUp(platform: NodeJS.Platform = 'linux') {
  const clipboard = new MemoryClipboard();
  const timers = new ManualTimers();
  const secrets = createSecretClipboard(clipboard, (formats) => formats, { platform, timers });
  return { clipboard, timers, secrets };
}

describe('marked as a secret where the OS has a format for it', () => {
  it('macOS: org.nspasteboard.ConcealedType, so clipboard managers do not keep or show it', async () => {
    const { clipboard, secrets } = setUp('darwin');
    secrets.copySecret(SECRET, 60);
    await settle();
    expect(clipboard.entry).toEqual({ 'text/plain': SECRET, [raw('org.nspasteboard.ConcealedType')]: SECRET });
  });

  it('Windows: excluded from clipboard monitors, Win+V history and cloud clipboard (DWORD 0)', async () => {
    const { clipboard, secrets } = setUp('win32');
    secrets.copySecret(SECRET, 60);
    await settle();
    expect(clipboard.entry).toEqual({
      'text/plain': SECRET,
      [raw('ExcludeClipboardContentFromMonitorProcessing')]: [0, 0, 0, 0],
      [raw('CanIncludeInClipboardHistory')]: [0, 0, 0, 0],
      [raw('CanUploadToCloudClipboard')]: [0, 0, 0, 0],
    });
  });

  it('Linux: the x-kde-passwordManagerHint Klipper honours', async () => {
    const { clipboard, secrets } = setUp('linux');
    secrets.copySecret(SECRET, 60);
    await settle();
    expect(clipboard.entry).toEqual({ 'text/plain': SECRET, [raw('x-kde-passwordManagerHint')]: 'secret' });
  });
});

describe('cleared after the delay', () => {
  it('clears the clipboard after the configured delay when it still holds the key', async () => {
    const { clipboard, timers, secrets } = setUp();
    secrets.copySecret(SECRET, 60);
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
    expect(secrets.pendingClear).toBe(true);
    await timers.fire();
    expect([clipboard.entry, clipboard.clears, secrets.pendingClear]).toEqual([{}, 1, false]);
  });

  it('leaves the clipboard alone if the user copied something else since', async () => {
    const { clipboard, timers, secrets } = setUp();
    secrets.copySecret(SECRET, 30);
    await settle();
    clipboard.userCopies('something the user copied');
    await timers.fire();
    expect([clipboard.entry['text/plain'], clipboard.clears]).toEqual(['something the user copied', 0]);
  });

  it('never clears with a delay of 0, and a new copy replaces the pending clear', async () => {
    const { clipboard, timers, secrets } = setUp();
    secrets.copySecret(SECRET, 0);
    expect([timers.pending.size, secrets.pendingClear]).toEqual([0, false]);
    secrets.copySecret(SECRET, 10);
    secrets.copySecret(`${SECRET}x`, 20);
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([20_000]);
    await timers.fire();
    expect(clipboard.entry).toEqual({});
  });
});

/** A recording `app`: its before-quit listeners, and whether the quit went through. */
class QuittingAppFake implements QuittingApp {
  readonly listeners: ((event: { preventDefault(): void }) => void)[] = [];
  quits = 0;
  on(_event: 'before-quit', listener: (event: { preventDefault(): void }) => void) {
    this.listeners.push(listener);
  }
  /** The user quits: true if the quit went through (no listener prevented it). */
  userQuits(): boolean {
    let prevented = false;
    for (const listener of this.listeners) listener({ preventDefault: () => void (prevented = true) });
    return !prevented;
  }
  quit() {
    this.quits++;
    this.userQuits();
  }
}

describe('cleared at quit', () => {
  it('a key still waiting to be cleared is cleared before the app quits, then the quit goes on', async () => {
    const { clipboard, timers, secrets } = setUp();
    const app = new QuittingAppFake();
    clearBeforeQuit(app, secrets, timers);
    secrets.copySecret(SECRET, 60);
    await settle();

    expect(app.userQuits()).toBe(false); // held
    expect(app.userQuits()).toBe(false); // a second Quit waits for the same clear
    await settle();
    expect([clipboard.entry, clipboard.clears, app.quits]).toEqual([{}, 1, 1]);
    expect(timers.pending.size).toBe(0); // neither the 60 s clear nor the give-up timer is left behind
  });

  it('something the user copied since is left alone at quit too', async () => {
    const { clipboard, timers, secrets } = setUp();
    const app = new QuittingAppFake();
    clearBeforeQuit(app, secrets, timers);
    secrets.copySecret(SECRET, 60);
    await settle();
    clipboard.userCopies('notes');
    app.userQuits();
    await settle();
    expect([clipboard.entry['text/plain'], app.quits]).toEqual(['notes', 1]);
  });

  it('nothing to clear (already cleared, or a delay of 0): the quit is not held', async () => {
    const { timers, secrets } = setUp();
    const app = new QuittingAppFake();
    clearBeforeQuit(app, secrets, timers);
    expect(app.userQuits()).toBe(true);
    secrets.copySecret(SECRET, 5);
    await timers.fire(5_000);
    expect(app.userQuits()).toBe(true);
    secrets.copySecret(SECRET, 0);
    expect(app.userQuits()).toBe(true);
  });

  it(`a clipboard that never answers holds the quit ${QUIT_CLEAR_TIMEOUT_MS / 1000} s at most`, async () => {
    const timers = new ManualTimers();
    const stuck: ClipboardLike<ClipboardFormats> = { write: () => undefined, readText: () => new Promise<string>(() => undefined), clear: () => undefined };
    const secrets = createSecretClipboard(stuck, (formats) => formats, { platform: 'linux', timers });
    const app = new QuittingAppFake();
    clearBeforeQuit(app, secrets, timers);
    secrets.copySecret(SECRET, 60);
    expect(app.userQuits()).toBe(false);
    await settle();
    expect(app.quits).toBe(0);
    await timers.fire(QUIT_CLEAR_TIMEOUT_MS);
    expect(app.quits).toBe(1);
  });
});
