/** Searching bytes for secrets, however they might have been written: text, hex, UTF-16; whole key or secret part. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Ways a secret could be written: as text, as hex of its bytes, as UTF-16 (a Windows-style dump). */
export function needles(secret: string): Buffer[] {
  const secretPart = secret.split('.')[2]!;
  return [secret, secretPart].flatMap((text) => [Buffer.from(text), Buffer.from(Buffer.from(text).toString('hex')), Buffer.from(text, 'utf16le')]);
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** How many of the secrets' needles occur in `bytes`. */
export function hits(bytes: Buffer, secrets: readonly string[]): number {
  return secrets.reduce((n, secret) => n + needles(secret).filter((needle) => bytes.includes(needle)).length, 0);
}
