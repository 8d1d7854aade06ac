import { useRef } from 'react';
import { MenuButton } from './MenuButton';
import './persistence.css';

export type ExportChoice = 'json' | 'sr' | 'sr-signed' | 'csv' | 'report';

const CHOICES: readonly { id: ExportChoice; label: string; hint: string }[] = [
  { id: 'json', label: 'Reading JSON', hint: 'kypho.reading/v1, to import again' },
  { id: 'sr', label: 'DICOM SR', hint: 'TID 1500 measurement report, preliminary' },
  { id: 'sr-signed', label: 'Signed DICOM SR', hint: 'signs the reading as the reader named below, and locks it' },
  { id: 'csv', label: 'CSV', hint: 'one row per vertebra, for spreadsheets' },
  { id: 'report', label: 'Report', hint: 'printable page or PDF' },
];

interface Props {
  /** Nothing to export before a study is open. */
  disabled: boolean;
  /** Formats that cannot be written now, with the reason (shown as the item's tooltip). */
  unavailable?: Partial<Record<ExportChoice, string>>;
  onExport: (choice: ExportChoice) => void;
  onImport: (file: File) => void;
}

/** Export the reading in every format, or import one (reading JSON or Kypho SR). */
export function ExportMenu({ disabled, unavailable = {}, onExport, onImport }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="export-bar">
      <MenuButton
        className="export-menu"
        label="Export"
        disabled={disabled}
        items={CHOICES.map((c) => ({
          id: c.id,
          ...(unavailable[c.id] !== undefined && { unavailable: unavailable[c.id] }),
          label: (
            <>
              {c.label}
              <span className="muted small"> {c.hint}</span>
            </>
          ),
        }))}
        onChoose={(id) => onExport(id as ExportChoice)}
      />
      <button type="button" disabled={disabled} onClick={() => input.current?.click()} title="A reading JSON or a Kypho DICOM SR">
        Import…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept=".json,.dcm,application/json,application/dicom"
        aria-label="Reading file"
        data-testid="import-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onImport(file);
        }}
      />
    </div>
  );
}
