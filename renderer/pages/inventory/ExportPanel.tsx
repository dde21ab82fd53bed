/**
 * Export: CSV (a credential report, a column per category) or JSON (every scope, with a hash of
 * the body). Main asks where to save; a progress bar follows the keys written.
 */
import { PathText } from '../../components/PathText.tsx';
import * as RadioGroup from '@radix-ui/react-radio-group';
import { useState } from 'react';
import { useInventory } from '../../app/stores-context.tsx';
import { plural } from '../../audit/labels.ts';
import { CheckIcon } from '../../components/icons.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { FileErrors } from './FileErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { ExportFormat } from '../../../common/inventory.ts';

/** The menu's File → Export... focuses this button (see App). */
export const EXPORT_BUTTON_ID = 'export-inventory';

const FORMATS: readonly { readonly value: ExportFormat; readonly title: string; readonly hint: string }[] = [
  { value: 'csv', title: 'CSV', hint: "One row per key and a column per category, like AWS's credential report" },
  { value: 'json', title: 'JSON', hint: 'Every scope, with a SHA-256 of the keys to check the file is whole; import reads it back' },
];

export function ExportPanel() {
  const operation = useInventory((state) => state.export);
  const exportInventory = useInventory((state) => state.exportInventory);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const running = operation.status === 'running';
  const result = operation.status === 'done' ? operation.result : null;

  return (
    <Panel
      id="export"
      title="Export"
      intro={
        <>
          The account's keys, never a secret. The file is written whole or not at all, readable by you only, and the export is recorded in the activity log.
        </>
      }
    >
      <RadioGroup.Root className="format-options" aria-label="Export format" value={format} onValueChange={(value) => setFormat(value as ExportFormat)}>
        {FORMATS.map((option) => (
          <RadioGroup.Item key={option.value} value={option.value} className="access-option">
            <span className="access-option__dot" aria-hidden="true" />
            <span className="access-option__text">
              <span className="access-option__title">{option.title}</span>
              <span className="access-option__hint">{option.hint}</span>
            </span>
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
      <div className="panel__actions">
        <button
          id={EXPORT_BUTTON_ID}
          type="button"
          className="button button--primary"
          aria-disabled={running}
          aria-keyshortcuts="Control+E Meta+E"
          onClick={() => void (running || exportInventory(format))}
        >
          Export…
        </button>
      </div>
      {running && <ProgressBar id="export-progress" label="Export progress" progress={operation.progress} unit="keys" />}
      <div className="panel__result" role="status">
        {result && (
          <div className="result">
            <CheckIcon />
            <div>
              <p>
                Exported {plural(result.key_count, 'key')} of “{result.account}” to <PathText path={result.path ?? ''} />
              </p>
              <p className="result__detail">
                {result.format.toUpperCase()}, {plural(result.bytes, 'byte')}, SHA-256 <code className="hash">{result.sha256}</code>
              </p>
            </div>
          </div>
        )}
      </div>
      <FileErrors id="export-errors" title="Nothing was exported." errors={operation.errors} />
    </Panel>
  );
}
