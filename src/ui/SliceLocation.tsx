interface Props {
  /** `R 4.0`: the slice's place along its normal, in patient letters. */
  location: string;
  /** Distance in mm to the slice shown in the linked viewport; null when not linked. */
  offsetMm: number | null;
}

/** Bottom centre of a viewport: where this slice is, and whether the linked one is at the same place. */
export function SliceLocation({ location, offsetMm }: Props) {
  const apart = offsetMm !== null && offsetMm >= 0.05;
  return (
    <div className="slice-location" data-field="location">
      Loc {location} mm
      {offsetMm !== null && (
        <span className={apart ? 'warning' : 'muted'} data-field="link-offset">
          {' '}
          · linked{apart ? `, other slice ${offsetMm.toFixed(1)} mm away` : ''}
        </span>
      )}
    </div>
  );
}
