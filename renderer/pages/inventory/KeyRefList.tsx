/** A titled list of keys (name and API Key ID) in an import or diff result; nothing when empty. */
import type { ReactNode } from 'react';
import type { KeyRef } from '../../../common/inventory.ts';

interface Props {
  readonly title: string;
  readonly keys: readonly KeyRef[];
  /** Why these keys are listed, when the title does not say. */
  readonly why?: ReactNode;
}

export function KeyRefList({ title, keys, why }: Props) {
  if (keys.length === 0) return null;
  return (
    <div className="key-group">
      <h3 className="key-group__title">
        {title} <span className="muted">({keys.length})</span>
      </h3>
      {why && <p className="key-group__why">{why}</p>}
      <ul className="key-group__list">
        {keys.map((key) => (
          <li key={key.api_key_id}>
            <span className="key-group__name">{key.name}</span> <code className="key-id">{key.api_key_id}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
