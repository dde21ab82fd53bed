import { expect, it } from 'vitest';
import { createSecretClipboard, type ClipboardLike, type TimersLike } from '../../../main/electron/secret-clipboard.ts';

/** The system clipboard cannot be used in tests (it is shared with the machine's user); this one records. */
class MemoryClipboard implements ClipboardLike {
  text = '';
  writes: string[] = [];
  async writeText(text: string) {
    this.text = text;
    this.writes.push(text);
  }
  async readText() {
    return this.text;
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
  async fireAll() {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const { callback } of due) await callback();
  }
}

const SECRET = 'SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

it('clears the clipboard after the configured delay when it still holds the key', async () => {
  const clipboard = new MemoryClipboard();
  const timers = new ManualTimers();
  createSecretClipboard(clipboard, timers).copySecret(SECRET, 60);
  expect(clipboard.text).toBe(SECRET);
  expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
  await timers.fireAll();
  expect(clipboard.text).toBe('');
});

it('leaves the clipboard alone if the user copied something else since', async () => {
  const clipboard = new MemoryClipboard();
  const timers = new ManualTimers();
  createSecretClipboard(clipboard, timers).copySecret(SECRET, 30);
  await clipboard.writeText('something the user copied');
  await timers.fireAll();
  expect(clipboard.text).toBe('something the user copied');
});

it('never clears with a delay of 0, and a new copy replaces the pending clear', async () => {
  const clipboard = new MemoryClipboard();
  const timers = new ManualTimers();
  const port = createSecretClipboard(clipboard, timers);
  port.copySecret(SECRET, 0);
  expect(timers.pending.size).toBe(0);
  port.copySecret(SECRET, 10);
  port.copySecret(`${SECRET}x`, 20);
  expect([...timers.pending.values()].map((t) => t.ms)).toEqual([20_000]);
  await timers.fireAll();
  expect(clipboard.text).toBe('');
});
