/**
 * A labelled progress bar for a long run in main (export, import, leak check). Indeterminate
 * until main reports the first step: until then the native file dialog is open.
 */
export interface ProgressValue {
  readonly done: number;
  readonly total: number;
}

interface Props {
  readonly id: string;
  readonly label: string;
  readonly progress: ProgressValue | null;
  /** What is counted: "keys", "files". */
  readonly unit: string;
}

export function ProgressBar({ id, label, progress, unit }: Props) {
  // A run over nothing is complete, not stuck at 0 of 0.
  const max = progress ? Math.max(progress.total, 1) : undefined;
  const value = progress ? (progress.total === 0 ? 1 : progress.done) : undefined;
  return (
    <div className="progress">
      <label htmlFor={id} className="progress__label">
        {label}
      </label>
      <progress id={id} className="progress__bar" max={max} value={value} />
      <span className="progress__text">
        {progress ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} ${unit}` : 'Waiting for a file to be chosen…'}
      </span>
    </div>
  );
}
