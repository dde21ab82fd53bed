/** A file path that wraps after its separators (/ or \), not letter by letter. */
import { Fragment } from 'react';

export function PathText({ path }: { readonly path: string }) {
  const parts = path.split(/(?<=[\\/])/);
  return (
    <code className="path">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </code>
  );
}
