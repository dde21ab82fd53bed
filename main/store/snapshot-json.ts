/**
 * JSON text of an audit snapshot, exactly as `JSON.stringify` writes it, except that a frozen
 * array of strings (an interned scope set, which never changes) is serialised once and its text
 * reused: an import of 100,000 keys snapshots the same handful of scope sets 100,000 times.
 */
const frozenStringArrays = new WeakMap<readonly unknown[], string>();

function arrayJson(array: readonly unknown[]): string {
  let text = frozenStringArrays.get(array);
  if (text !== undefined) return text;
  text = JSON.stringify(array);
  // Frozen: no element can be replaced; strings: no element can change inside. Then the text holds.
  if (Object.isFrozen(array) && array.every((item) => typeof item === 'string')) frozenStringArrays.set(array, text);
  return text;
}

export function snapshotJson(value: object): string {
  if (Object.getPrototypeOf(value) !== Object.prototype || 'toJSON' in value) return JSON.stringify(value);
  let text = '';
  for (const key of Object.keys(value)) {
    const member: unknown = (value as Record<string, unknown>)[key];
    const json: string | undefined = Array.isArray(member) ? arrayJson(member) : JSON.stringify(member);
    // Undefined, functions and symbols are left out, as JSON.stringify leaves them out.
    if (json === undefined) continue;
    text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${json}`;
  }
  return `{${text}}`;
}
