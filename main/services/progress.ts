/** Progress of a long run (export, import, leak check), for a progress bar or a terminal line. */

export type Progress = (done: number, total: number) => void;

/**
 * Reports the start, the end, and at most a hundred steps between, however long the run: a
 * progress bar needs no more, and 100,000 callbacks would cost more than the work they report.
 */
export function throttledProgress(total: number, report: Progress | undefined): (done: number) => void {
  if (!report) return () => undefined;
  const step = Math.max(1, Math.ceil(total / 100));
  report(0, total);
  return (done) => {
    if (done === total || done % step === 0) report(done, total);
  };
}
