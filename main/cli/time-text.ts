/**
 * Times as the CLI prints them for people, always with their zone: UTC unless `--local` asks for
 * the machine's zone, shown as its offset at that instant (`2026-11-26 18:02 +01:00`), which
 * daylight saving cannot make ambiguous. JSON output keeps ISO-8601 in UTC.
 */
export type TimeText = (iso: string | null, never?: string) => string;

const pad = (n: number) => String(n).padStart(2, '0');

function offsetText(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

function localText(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} ${offsetText(d)}`;
}

/** `2026-11-26 17:02 UTC` (or, local, `2026-11-26 18:02 +01:00`); `never` (or the given sentinel) for null. */
export function timeText(local: boolean): TimeText {
  return (iso, never = 'never') => {
    if (!iso) return never;
    return local ? localText(iso) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  };
}
