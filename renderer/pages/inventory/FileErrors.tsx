/** Why main refused a file or a run, each message with the place in the file it names. */
import type { FieldError } from '../../../common/errors.ts';
import { WarningIcon } from '../../components/icons.tsx';

export function FileErrors({ id, title, errors }: { readonly id: string; readonly title: string; readonly errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={id} className="callout callout--danger" role="alert">
      <WarningIcon />
      <div>
        <p>
          <strong>{title}</strong>
        </p>
        <ul className="file-errors">
          {errors.map((error, index) => (
            <li key={index}>
              {error.field !== null && error.field !== 'file' && <code>{error.field}</code>}
              {error.field !== null && error.field !== 'file' && ': '}
              {error.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
