/** The text over one reformatted view: which plane, where, how thick, and the patient directions at its edges. */
export interface MprOverlayInfo {
  /** "Sagittal", "Axial"... */
  planeLabel: string;
  colour: string;
  /** Degrees from the true plane; 0 for an orthogonal plane. */
  obliqueDegrees: number;
  /** E.g. "x = 0.0 mm": where the plane crosses its axis. */
  position: string;
  /** "Thin", "MIP 10 mm", "Average 5 mm". */
  slab: string;
  windowWidth: number | null;
  windowCenter: number | null;
  edges: { top: string; right: string; bottom: string; left: string };
}

export function MprOverlay({ info }: { info: MprOverlayInfo }) {
  const oblique = info.obliqueDegrees >= 0.5;
  return (
    <div className="overlay mpr-overlay">
      <div className="corner top-left">
        <div data-field="plane" style={{ color: info.colour }}>
          {info.planeLabel}
          {oblique && ` (oblique ${info.obliqueDegrees.toFixed(0)}°)`}
        </div>
        <div data-field="slab">{info.slab}</div>
      </div>
      <div className="corner top-right">
        <div data-field="position">{info.position}</div>
      </div>
      <div className="corner bottom-left">
        {info.windowWidth !== null && info.windowCenter !== null && (
          <div data-field="window">
            W {Math.round(info.windowWidth)} L {Math.round(info.windowCenter)}
          </div>
        )}
      </div>
      <div className="corner bottom-right">
        <div data-field="calibration">Spacing: mm (3-D)</div>
      </div>
      <span className="edge edge-top" data-edge="top">{info.edges.top}</span>
      <span className="edge edge-right" data-edge="right">{info.edges.right}</span>
      <span className="edge edge-bottom" data-edge="bottom">{info.edges.bottom}</span>
      <span className="edge edge-left" data-edge="left">{info.edges.left}</span>
    </div>
  );
}
