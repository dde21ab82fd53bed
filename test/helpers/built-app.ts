/**
 * The desktop app built from the sources as they are (dist/main, dist/preload, dist/renderer), for
 * the tests that run its bundle or package it: built once per test run, by whichever of them asks
 * first, while the others wait. Two tests building dist/ at once could each read the other's
 * half-written files. The run is named by globalSetup (test/global-setup.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { buildAll, ROOT } from '../../scripts/build.ts';

const ARTIFACTS = join(ROOT, 'test/artifacts');
/** Holds the id of the run whose build is in dist/. */
const STAMP = join(ARTIFACTS, 'app-build.stamp');
/** Exists while one test builds; holds the id of its run. */
const LOCK = join(ARTIFACTS, 'app-build.lock');

const readOr = (path: string, fallback: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
};

export async function buildAppOnce(): Promise<void> {
  const runId = inject('runId');
  mkdirSync(ARTIFACTS, { recursive: true });
  for (;;) {
    if (readOr(STAMP, '') === runId) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test of this run is building: wait for it. A lock left by an earlier run that was
      // killed mid-build is taken over.
      const owner = readOr(join(LOCK, 'run'), runId);
      if (owner !== runId) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(250);
      continue;
    }
    try {
      writeFileSync(join(LOCK, 'run'), runId);
      await buildAll(['renderer', 'main', 'preload']);
      writeFileSync(STAMP, runId);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
    return;
  }
}
