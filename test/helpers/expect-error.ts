/** "This must throw", for tests that then look into what was thrown. */
import { expect } from 'vitest';
import { KeydeskError } from '../../common/errors.ts';
import type { Store } from '../../main/store/store.ts';
import { snapshot } from './temp-store.ts';

/** Runs the work, expects it to throw an error of the given class, and returns that error. */
export function thrownBy<E>(work: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name} to be thrown`);
}

/** The call is refused with the given code and leaves every table of the store exactly as it was. */
export function refusedWithoutChange(store: Store, work: () => unknown, code: string): KeydeskError {
  const before = snapshot(store);
  const error = thrownBy(work, KeydeskError);
  expect(error.code).toBe(code);
  expect(snapshot(store)).toEqual(before);
  return error;
}
