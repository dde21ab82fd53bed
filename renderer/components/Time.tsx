/** A time as the app shows every time: relative within a year, a date beyond; exact, local and UTC, on hover. */
import { exactTime, relativeTime } from '../keys/time-format.ts';

interface Props {
  readonly iso: string;
  readonly now: number;
  readonly className?: string;
}

export function Time({ iso, now, className }: Props) {
  return (
    <time dateTime={iso} title={exactTime(iso)} className={className}>
      {relativeTime(iso, now)}
    </time>
  );
}
