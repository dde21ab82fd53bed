/** Scopes added and removed, one per line with + and −, the words spelled out for screen readers. */

interface Props {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** What a screen reader says for each side: "added"/"removed", or "gained"/"lost". */
  readonly words?: readonly [added: string, removed: string];
}

export function ScopeDiff({ added, removed, words = ['added', 'removed'] }: Props) {
  return (
    <ul className="scope-diff">
      {added.map((scope) => (
        <li key={`+${scope}`} className="scope-diff__added">
          <span aria-hidden="true">+ </span>
          <span className="visually-hidden">{words[0]} </span>
          {scope}
        </li>
      ))}
      {removed.map((scope) => (
        <li key={`-${scope}`} className="scope-diff__removed">
          <span aria-hidden="true">− </span>
          <span className="visually-hidden">{words[1]} </span>
          {scope}
        </li>
      ))}
    </ul>
  );
}
