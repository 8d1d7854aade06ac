import { useState } from 'react';
import type { RenderingEngine } from '@cornerstonejs/core';
import type { ReformatPlane } from '../reading';
import { MprViewports, resetPlanes, type MprStatus } from '../viewer/mpr/MprViewports';
import { DEFAULT_SLAB, SLAB_MODES, type Slab, type SlabMode } from '../viewer/mpr/slab';

/** `spine`: a large sagittal view first, axial and coronal beside it; `planes`: three equal views. */
export type MprPreset = 'spine' | 'planes';

interface Props {
  engine: RenderingEngine;
  seriesInstanceUid: string;
  seriesLabel: string;
  imageIds: readonly string[];
  focus: { plane: ReformatPlane } | null;
  activeViewportId: string;
  onActivate: (viewportId: string) => void;
  onProblem: (what: string, reason: string) => void;
}

/** The reformat layout: its own bar (preset, slab, reset, load progress) above the three views. */
export function MprLayout({ engine, seriesInstanceUid, seriesLabel, imageIds, focus, activeViewportId, onActivate, onProblem }: Props) {
  const [preset, setPreset] = useState<MprPreset>('spine');
  const [slab, setSlab] = useState<Slab>(DEFAULT_SLAB);
  const [status, setStatus] = useState<MprStatus>({ state: 'loading', progress: { loaded: 0, total: imageIds.length } });

  const onStatus = (next: MprStatus) => {
    setStatus(next);
    if (next.state === 'failed') onProblem(seriesLabel, next.message);
  };

  return (
    <section className="mpr" data-preset={preset} data-state={status.state} aria-label="Reformats">
      <div className="mpr-bar" role="toolbar" aria-label="Reformat">
        <strong className="mpr-title">MPR</strong>
        <span className="muted mpr-series">{seriesLabel}</span>
        <span className="separator" />
        <span className="segmented" role="group" aria-label="MPR layout">
          <button type="button" aria-pressed={preset === 'spine'} onClick={() => setPreset('spine')} title="Large sagittal view first, for the vertebral heights">
            Spine
          </button>
          <button type="button" aria-pressed={preset === 'planes'} onClick={() => setPreset('planes')} title="Axial, sagittal and coronal side by side">
            3 planes
          </button>
        </span>
        <span className="separator" />
        <label>
          Slab{' '}
          <select aria-label="Slab mode" value={slab.mode} onChange={(e) => setSlab({ ...slab, mode: e.currentTarget.value as SlabMode })}>
            {SLAB_MODES.map(({ mode, label }) => (
              <option key={mode} value={mode}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className={slab.mode === 'thin' ? 'muted' : undefined}>
          <input
            type="number"
            aria-label="Slab thickness (mm)"
            min={1}
            max={100}
            step={1}
            value={slab.thickness}
            disabled={slab.mode === 'thin'}
            onChange={(e) => {
              const thickness = Number(e.currentTarget.value);
              if (Number.isFinite(thickness) && thickness >= 1 && thickness <= 100) setSlab({ ...slab, thickness });
            }}
          />{' '}
          mm
        </label>
        <span className="separator" />
        <button type="button" onClick={() => resetPlanes(engine)} title="Three orthogonal planes through the centre of the volume">
          Reset planes
        </button>
        <span className="spacer" />
        <MprProgress status={status} />
      </div>
      <div className="mpr-grid">
        <MprViewports
          engine={engine}
          seriesInstanceUid={seriesInstanceUid}
          imageIds={imageIds}
          slab={slab}
          focus={focus}
          activeViewportId={activeViewportId}
          onActivate={onActivate}
          onStatus={onStatus}
        />
      </div>
      <p className="mpr-hint muted small">
        Drag a coloured line to move that plane, its end handle to rotate it (oblique). Measure vertebrae on the sagittal view: points are
        kept in patient mm and heights are 3-D distances.
      </p>
    </section>
  );
}

function MprProgress({ status }: { status: MprStatus }) {
  if (status.state === 'failed') {
    return (
      <span className="warning" data-field="mpr-status" role="alert">
        {status.message}
      </span>
    );
  }
  const { loaded, total } = status.progress;
  if (status.state === 'ready') {
    return (
      <span className="muted" data-field="mpr-status">
        Volume: {total} slices
      </span>
    );
  }
  return (
    <span className="mpr-progress" data-field="mpr-status">
      Loading volume {loaded}/{total}{' '}
      <progress max={total} value={loaded} aria-label="Volume loading" />
    </span>
  );
}
