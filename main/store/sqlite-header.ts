/**
 * The 100-byte header every SQLite file starts with, read without opening the file as a
 * database, so a file can be judged (ours? whole?) before a single byte of it is written.
 * Layout: https://www.sqlite.org/fileformat2.html#the_database_header
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** 'KDSK' in the header's application_id, so we recognise our own files and refuse other apps' databases. */
export const APPLICATION_ID = 0x4b44534b;
export const SQLITE_MAGIC = 'SQLite format 3\0';
export const HEADER_BYTES = 100;

export interface SqliteHeader {
  readonly isSqlite: boolean;
  readonly applicationId: number;
  readonly schemaVersion: number;
  readonly pageSize: number;
  /** Pages the file holds by its header, or null when the header does not vouch for the count. */
  readonly pageCount: number | null;
}

/** The first 100 bytes of the file at `path` (fewer when the file is shorter). */
export function readHeaderBytes(path: string): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    return bytes.subarray(0, readSync(fd, bytes, 0, HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** The header those bytes hold, or null when they are fewer than 100. */
export function parseSqliteHeader(bytes: Buffer): SqliteHeader | null {
  if (bytes.length < HEADER_BYTES) return null;
  const rawPageSize = bytes.readUInt16BE(16);
  // The page count is only valid when "version-valid-for" matches the change counter.
  const countValid = bytes.readUInt32BE(92) === bytes.readUInt32BE(24);
  return {
    isSqlite: bytes.subarray(0, 16).toString('latin1') === SQLITE_MAGIC,
    applicationId: bytes.readUInt32BE(68),
    schemaVersion: bytes.readUInt32BE(60),
    pageSize: rawPageSize === 1 ? 65536 : rawPageSize,
    pageCount: countValid ? bytes.readUInt32BE(28) : null,
  };
}

/** The header of the file at `path`, or null when fewer than 100 bytes could be read. */
export const readSqliteHeader = (path: string): SqliteHeader | null => parseSqliteHeader(readHeaderBytes(path));
