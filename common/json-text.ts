/**
 * A value already written as JSON text, typed by what the text holds. Main's largest answer, the
 * whole key list, is written by SQLite itself (main/store/key-table.ts): 100,000 keys as one string
 * of about 17 MB, with no JavaScript object made per key or per value on the way. The wire
 * (common/ipc/wire.ts) sends the text as it is; anything that wants the value parses it.
 */
export class JsonText<T> {
  /** The value's type, for the compiler only. */
  declare readonly holds?: T;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  parse(): T {
    return JSON.parse(this.text) as T;
  }
}
