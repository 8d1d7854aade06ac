/** Why a DICOM object is kept aside instead of shown as an image. */
export type NonImageCategory = 'structured-report' | 'presentation-state' | 'other';

interface SopClass {
  readonly uid: string;
  readonly name: string;
  /** Set for objects that are not meant to be displayed as images, even when they carry pixel data. */
  readonly nonImage?: NonImageCategory;
}

const SOP_CLASSES: readonly SopClass[] = [
  // DICOMDIR: the index that comes with every CD or folder export.
  { uid: '1.2.840.10008.1.3.10', name: 'Media Storage Directory Storage', nonImage: 'other' },
  { uid: '1.2.840.10008.5.1.4.1.1.1', name: 'Computed Radiography Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.1.1', name: 'Digital X-Ray Image Storage - For Presentation' },
  { uid: '1.2.840.10008.5.1.4.1.1.1.1.1', name: 'Digital X-Ray Image Storage - For Processing' },
  { uid: '1.2.840.10008.5.1.4.1.1.1.2', name: 'Digital Mammography X-Ray Image Storage - For Presentation' },
  { uid: '1.2.840.10008.5.1.4.1.1.2', name: 'CT Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.2.1', name: 'Enhanced CT Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.3.1', name: 'Ultrasound Multi-frame Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.4', name: 'MR Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.4.1', name: 'Enhanced MR Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.6.1', name: 'Ultrasound Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.7', name: 'Secondary Capture Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.7.2', name: 'Multi-frame Grayscale Byte Secondary Capture Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.7.3', name: 'Multi-frame Grayscale Word Secondary Capture Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.7.4', name: 'Multi-frame True Color Secondary Capture Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.12.1', name: 'X-Ray Angiographic Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.12.2', name: 'X-Ray Radiofluoroscopic Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.13.1.1', name: 'X-Ray 3D Angiographic Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.20', name: 'Nuclear Medicine Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.128', name: 'Positron Emission Tomography Image Storage' },
  { uid: '1.2.840.10008.5.1.4.1.1.11.1', name: 'Grayscale Softcopy Presentation State Storage', nonImage: 'presentation-state' },
  { uid: '1.2.840.10008.5.1.4.1.1.11.2', name: 'Color Softcopy Presentation State Storage', nonImage: 'presentation-state' },
  { uid: '1.2.840.10008.5.1.4.1.1.11.3', name: 'Pseudo-Color Softcopy Presentation State Storage', nonImage: 'presentation-state' },
  { uid: '1.2.840.10008.5.1.4.1.1.11.4', name: 'Blending Softcopy Presentation State Storage', nonImage: 'presentation-state' },
  { uid: '1.2.840.10008.5.1.4.1.1.88.11', name: 'Basic Text SR Storage', nonImage: 'structured-report' },
  { uid: '1.2.840.10008.5.1.4.1.1.88.22', name: 'Enhanced SR Storage', nonImage: 'structured-report' },
  { uid: '1.2.840.10008.5.1.4.1.1.88.33', name: 'Comprehensive SR Storage', nonImage: 'structured-report' },
  { uid: '1.2.840.10008.5.1.4.1.1.88.34', name: 'Comprehensive 3D SR Storage', nonImage: 'structured-report' },
  { uid: '1.2.840.10008.5.1.4.1.1.88.59', name: 'Key Object Selection Document Storage', nonImage: 'structured-report' },
  { uid: '1.2.840.10008.5.1.4.1.1.104.1', name: 'Encapsulated PDF Storage', nonImage: 'other' },
  { uid: '1.2.840.10008.5.1.4.1.1.66', name: 'Raw Data Storage', nonImage: 'other' },
  { uid: '1.2.840.10008.5.1.4.1.1.66.1', name: 'Spatial Registration Storage', nonImage: 'other' },
  { uid: '1.2.840.10008.5.1.4.1.1.66.4', name: 'Segmentation Storage', nonImage: 'other' },
  { uid: '1.2.840.10008.5.1.4.1.1.481.2', name: 'RT Dose Storage', nonImage: 'other' },
  { uid: '1.2.840.10008.5.1.4.1.1.481.3', name: 'RT Structure Set Storage', nonImage: 'other' },
  { uid: '1.2.840.10008.5.1.4.1.1.481.5', name: 'RT Plan Storage', nonImage: 'other' },
];

const byUid = new Map(SOP_CLASSES.map((sopClass) => [sopClass.uid, sopClass]));

// Every SR template (measurement reports, CAD, dose reports...) lives under this branch.
const STRUCTURED_REPORT_BRANCH = '1.2.840.10008.5.1.4.1.1.88.';
// Waveforms (ECG, audio, respiratory...) have no image frames.
const WAVEFORM_BRANCH = '1.2.840.10008.5.1.4.1.1.9.';

export function sopClassName(uid: string): string | undefined {
  return byUid.get(uid)?.name;
}

export function nonImageCategory(uid: string): NonImageCategory | undefined {
  const known = byUid.get(uid);
  if (known) return known.nonImage;
  if (uid.startsWith(STRUCTURED_REPORT_BRANCH)) return 'structured-report';
  if (uid.startsWith(WAVEFORM_BRANCH)) return 'other';
  return undefined;
}
