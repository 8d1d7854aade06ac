import './fractureAge.css';
export interface LinkState {
  slices: boolean;
  zoomPan: boolean;
}

interface Props {
  /** The hanging protocol in force, if one was applied. */
  protocolName: string | null;
  /** A protocol that the loaded series satisfy: offered to re-apply. */
  canHang: boolean;
  onHang: () => void;
  link: LinkState;
  onLinkChange: (link: LinkState) => void;
  /** Why the two viewports cannot be linked (another frame of reference...), if so. */
  problem: string | null;
}

/** Above two viewports side by side: the hanging protocol, and what is linked between them. */
export function LinkBar({ protocolName, canHang, onHang, link, onLinkChange, problem }: Props) {
  return (
    <div className="link-bar" role="group" aria-label="Linked viewports">
      {protocolName && <span className="protocol" data-field="protocol">{protocolName}</span>}
      {canHang && (
        <button type="button" className="small" onClick={onHang} title="Put the T1 left and the STIR right again (H)">
          Hang T1 | STIR
        </button>
      )}
      <label title="Scrolling one viewport shows the slice at the same position in the other">
        <input type="checkbox" checked={link.slices} onChange={(e) => onLinkChange({ ...link, slices: e.currentTarget.checked })} /> Link
        slices by position
      </label>
      <label title="Zoom and pan follow between the viewports; window/level stays each one's own">
        <input type="checkbox" checked={link.zoomPan} onChange={(e) => onLinkChange({ ...link, zoomPan: e.currentTarget.checked })} /> Link
        zoom/pan
      </label>
      {problem && <span className="warning small">{problem}</span>}
    </div>
  );
}
