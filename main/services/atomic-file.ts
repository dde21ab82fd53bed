/**
 * Files that appear whole or not at all: bytes go to a temp file in the destination's folder
 * (so the rename stays on one file system), are flushed to disk, and only then renamed over the
 * destination. A crash or a failed write leaves the old file, never half of a new one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** A fully written and flushed temp file, waiting to be renamed into place or thrown away. */
export interface StagedFile {
  readonly path: string;
  /** Renames the temp file over `path`. Synchronous, so it can run inside a store transaction. */
  commit(): void;
  /** Removes the temp file; harmless after commit. */
  discard(): void;
}

/** Writes chunks to a sink, waiting whenever it asks for a pause. */
export async function writeChunks(sink: Writable, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  for await (const chunk of chunks) {
    if (!sink.write(chunk)) await once(sink, 'drain');
  }
}

/**
 * Writes `chunks` to a temp file next to `path` and flushes it to disk. Nothing is visible at
 * `path` until `commit()`. Inventories map an account's keys, so the file is readable by its owner only.
 */
export async function stageFile(path: string, chunks: AsyncIterable<string | Uint8Array>): Promise<StagedFile> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const discard = () => rmSync(temp, { force: true });
  // flush: the data is fsynced before the descriptor closes, so the rename can never expose an empty file.
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true });
  try {
    await once(stream, 'open');
    await writeChunks(stream, chunks);
    stream.end();
    await once(stream, 'close');
  } catch (error) {
    stream.destroy();
    discard();
    throw error;
  }
  return {
    path,
    commit() {
      renameSync(temp, path);
      syncFolder(dirname(path));
    },
    discard,
  };
}

/** Makes the rename itself durable. Not every platform lets a folder be opened (Windows), hence best effort. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // The data is already on disk; only the rename's durability is left to the OS.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
