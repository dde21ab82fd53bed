/**
 * Prints why each skipped test was skipped, so "skipped" in a run always comes with its reason
 * (the Electron suite where no Electron binary is installed).
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonReporter implements Reporter {
  readonly #reasons = new Map<string, number>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    this.#reasons.set(reason, (this.#reasons.get(reason) ?? 0) + 1);
  }

  onEnd(): void {
    for (const [reason, count] of this.#reasons) console.log(`  ${count} skipped: ${reason}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
