/**
 * Import: key records from SendGrid's API output or a Keydesk export, checked whole before
 * anything is written. The summary says what was added, updated, left as it was and skipped, and why.
 */
import { PathText } from '../../components/PathText.tsx';
import { useInventory } from '../../app/stores-context.tsx';
import { INVENTORY_FORMAT, plural } from '../../audit/labels.ts';
import { CheckIcon } from '../../components/icons.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { FileErrors } from './FileErrors.tsx';
import { KeyRefList } from './KeyRefList.tsx';
import { Panel } from '../../components/Panel.tsx';

export function ImportPanel() {
  const operation = useInventory((state) => state.import);
  const importFile = useInventory((state) => state.importFile);
  const running = operation.status === 'running';
  const result = operation.status === 'done' ? operation.result : null;

  return (
    <Panel
      id="import"
      title="Import"
      intro={
        <>
          Records of keys that live in SendGrid: the output of <code>GET /v3/api_keys</code> or <code>GET /v3/api_keys/&#123;id&#125;</code>, or a Keydesk
          JSON export. A file with any fault is refused whole; importing it again changes nothing.
        </>
      }
    >
      <div className="panel__actions">
        <button type="button" className="button button--secondary" aria-disabled={running} onClick={() => void (running || importFile())}>
          Import a file…
        </button>
      </div>
      {running && <ProgressBar id="import-progress" label="Import progress" progress={operation.progress} unit="keys" />}
      <div className="panel__result" role="status">
        {result && (
          <>
            <div className="result">
              <CheckIcon />
              <div>
                <p>
                  Imported into “{result.account}” from {INVENTORY_FORMAT[result.format]}
                </p>
                <p className="result__detail">
                  <PathText path={result.path} />
                </p>
              </div>
            </div>
            <dl className="counts">
              <div>
                <dt>Added</dt>
                <dd>{result.added.length}</dd>
              </div>
              <div>
                <dt>Updated</dt>
                <dd>{result.updated.length}</dd>
              </div>
              <div>
                <dt>Unchanged</dt>
                <dd>{result.unchanged}</dd>
              </div>
              <div>
                <dt>Skipped</dt>
                <dd>{result.skipped_deleted.length}</dd>
              </div>
            </dl>
            <KeyRefList title="Added" keys={result.added} />
            <KeyRefList title="Updated" keys={result.updated} why="Their names or scopes changed at the source; each change is in the activity log." />
            <KeyRefList title="Skipped" keys={result.skipped_deleted} why="Deleted here earlier: an import does not undo a deletion." />
            <KeyRefList
              title="No scopes on record"
              keys={result.without_scopes}
              why={
                <>
                  SendGrid's key list omits scopes. Import the <code>GET /v3/api_keys/&#123;id&#125;</code> responses to fill them in.
                </>
              }
            />
            {result.added.length > 0 && (
              <p className="result__detail">
                Imported keys have no secret here: they are audited, listed (marked Imported), diffed and exported, never verified.{' '}
                {plural(result.added.length, 'key')} now in the key list.
              </p>
            )}
          </>
        )}
      </div>
      <FileErrors id="import-errors" title="Nothing was imported: the file was refused whole." errors={operation.errors} />
    </Panel>
  );
}
