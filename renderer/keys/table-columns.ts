/**
 * Which of the key table's columns fit its width. A window at its default size (1100 px) or
 * narrower cannot show all seven beside each other, and a table wider than its window pushes the
 * page's buttons out of reach. So columns drop out, least needed first, as the table narrows; what
 * a dropped column said moves into the name cell where it matters (a key's status when it is not
 * active, its ID under its name).
 */
import type { SortColumn } from './key-query.ts';

export type TableColumn = SortColumn | 'status';

/** Columns in the order shown; status has no order of its own (the status filter narrows by it). */
const TABLE_COLUMNS = ['name', 'api_key_id', 'access_type', 'status', 'expires_at', 'created_at', 'last_used_at'] as const satisfies readonly TableColumn[];

/**
 * The first to go goes first: the list's default order already says which keys are newest; a
 * status other than active still shows beside the name; when a key was last used is what an
 * audit asks, so it stays longer; the ID goes last, and then stands under the name.
 */
const DROP_ORDER: readonly TableColumn[] = ['created_at', 'status', 'last_used_at', 'api_key_id'];

/** Each column's narrowest width and its grid track; the checkbox and actions columns always stay. */
const TRACKS: Readonly<Record<TableColumn, { readonly min: number; readonly grow?: string }>> = {
  // The name is what tells keys apart: it takes every pixel the other columns do not need.
  name: { min: 140, grow: '1fr' },
  // 22 monospaced characters.
  api_key_id: { min: 172 },
  access_type: { min: 96 },
  status: { min: 96 },
  // "expires in 23 hours" with its warning icon and padding, on two lines if need be.
  expires_at: { min: 136 },
  created_at: { min: 104 },
  last_used_at: { min: 140 },
};
const SELECT_TRACK = 28;
const ACTIONS_TRACK = 40;
/** Matches .key-grid: its column gap and its left plus right padding. */
const GAP = 12;
const PADDING = 22;
/** With its ID under it, a name cell must hold a whole ID. */
const NAME_WITH_ID_MIN = 170;

const trackMin = (column: TableColumn, shown: readonly TableColumn[]) =>
  column === 'name' && !shown.includes('api_key_id') ? NAME_WITH_ID_MIN : TRACKS[column].min;

/** The narrowest table that shows `columns` without squeezing any. */
export function widthNeeded(columns: readonly TableColumn[]): number {
  const tracks = columns.reduce((sum, column) => sum + trackMin(column, columns), SELECT_TRACK + ACTIONS_TRACK);
  return PADDING + tracks + GAP * (columns.length + 1);
}

/** The columns a table `width` px wide shows, in order. */
export function columnsFor(width: number): readonly TableColumn[] {
  let shown: readonly TableColumn[] = TABLE_COLUMNS;
  for (const column of DROP_ORDER) {
    if (widthNeeded(shown) <= width) break;
    shown = shown.filter((c) => c !== column);
  }
  return shown;
}

/** The CSS grid-template-columns for a row showing `columns`. */
export function gridTemplate(columns: readonly TableColumn[]): string {
  const tracks = columns.map((column) => {
    const { grow } = TRACKS[column];
    const min = trackMin(column, columns);
    return grow ? `minmax(${min}px, ${grow})` : `${min}px`;
  });
  return [`${SELECT_TRACK}px`, ...tracks, `${ACTIONS_TRACK}px`].join(' ');
}
