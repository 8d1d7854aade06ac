/** Readings that exercise every field of the document, shared by the persistence tests. */
import { NO_SPACING_WARNING, type Calibration, type Level, type SixPoints } from '../../../src/morphometry';
import { NOT_ASSESSED, type Finding, type ReadingState } from '../../../src/reading';
import type { SrContext } from '../../../src/persistence/sr/srWrite';
import type { StoredReading } from '../../../src/persistence/readingDocument';

export const STUDY = { studyInstanceUid: '1.2.826.0.1.3680043.8.498.1', patientId: 'PH-001', patientName: 'PHANTOM^SPINE', studyDate: '20260101' };
export const SERIES = '1.2.826.0.1.3680043.8.498.1.2';
export const IMAGE = { seriesInstanceUid: SERIES, sopInstanceUid: '1.2.826.0.1.3680043.8.498.1.2.3', frameNumber: 1 };
export const SECOND_IMAGE = { seriesInstanceUid: SERIES, sopInstanceUid: '1.2.826.0.1.3680043.8.498.1.2.4', frameNumber: 1 };
/** A multi-frame image: frame 3 of 5. */
export const FRAME_IMAGE = { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1.5', sopInstanceUid: '1.2.826.0.1.3680043.8.498.1.5.1', frameNumber: 3 };

export const ERMF: Calibration = { label: 'mm (ERMF)', pixelSpacing: [0.2, 0.2], warning: null };
export const PX: Calibration = { label: 'px', pixelSpacing: null, warning: NO_SPACING_WARNING };
export const ANISOTROPIC: Calibration = { label: 'mm', pixelSpacing: [2, 1], warning: null };

/**
 * An upright vertebra at row y, fractional coordinates that a 32-bit float cannot hold exactly (clicks land
 * anywhere), heights in pixels.
 */
export function box(y: number, { ha, hm, hp }: { ha: number; hm: number; hp: number }, x = 1000.123456789): SixPoints {
  return {
    as: [x, y + 0.1234567891], ms: [x + 75.3333333333, y + 3.987654321], ps: [x + 150.7777777777, y + 0.5],
    ai: [x + 1.1111111111, y + ha], mi: [x + 75.4444444444, y + hm - 2.2222222222], pi: [x + 150.9999999991, y + hp],
  };
}

function finding(level: Level, measurement: Finding['measurement'], assessment: Partial<Finding> = {}): Finding {
  return { id: `id-${level}`, level, measurement, ...NOT_ASSESSED, ...assessment };
}

/**
 * A lateral radiograph read T11-L2 (L1 a grade 2 wedge with acute edema on STIR, T12 a chronic biconcave),
 * plus L4 judged on MRI without heights, and S1 suspicious for malignancy.
 */
export function radiographReading(): ReadingState {
  const on = (points: SixPoints): Finding['measurement'] => ({ ...IMAGE, space: 'image', points, imageCalibration: ERMF });
  return {
    method: 'own-posterior',
    userCalibrations: {},
    findings: [
      finding('T11', on(box(100, { ha: 120, hm: 118, hp: 122 }))),
      finding('T12', on(box(260, { ha: 118, hm: 90, hp: 124 })), { edema: 'absent', sequence: 'STIR', note: 'old fracture, =stable' }),
      finding('L1', on(box(420, { ha: 90, hm: 110, hp: 125 })), {
        edema: 'present',
        edemaExtent: '25-74%',
        sequence: 'STIR',
        signalRatio: 2.137,
        note: 'Retropulsion? "check", CT advised\nsecond line',
      }),
      finding('L2', on(box(580, { ha: 128, hm: 127, hp: 130 }))),
      finding('L4', null, { edema: 'present', edemaExtent: '<25%', sequence: 'T2-FS' }),
      finding('S1', null, { suspiciousForMalignancy: true, ageOverride: 'indeterminate', edema: 'absent' }),
    ],
  };
}

/** Every calibration kind: px, anisotropic mm, a user calibration over ERMF, and a multi-frame image. */
export function calibrationsReading(): ReadingState {
  return {
    method: 'adjacent',
    userCalibrations: { [`${SECOND_IMAGE.sopInstanceUid}#1`]: { label: 'mm (user)', pixelSpacing: [0.21234567, 0.21234567], warning: null } },
    findings: [
      finding('T5', { ...IMAGE, space: 'image', points: box(100, { ha: 60, hm: 61, hp: 62 }), imageCalibration: PX }),
      finding('T7', { ...SECOND_IMAGE, space: 'image', points: box(300, { ha: 50, hm: 55, hp: 70 }), imageCalibration: ERMF }, { ageOverride: 'chronic' }),
      finding('T8', { ...SECOND_IMAGE, space: 'image', points: box(500, { ha: 68, hm: 69, hp: 70 }), imageCalibration: ERMF }),
      finding('T13', { ...FRAME_IMAGE, space: 'image', points: box(120, { ha: 30, hm: 31, hp: 32 }, 200.5), imageCalibration: ANISOTROPIC }),
      finding('L6', { ...FRAME_IMAGE, space: 'image', points: box(220, { ha: 20, hm: 25, hp: 32 }, 210.25), imageCalibration: ANISOTROPIC }),
    ],
  };
}

/** A CT reformat measurement in patient mm (issue 9). */
export function patientSpaceReading(): StoredReading {
  return {
    method: 'own-posterior',
    userCalibrations: {},
    findings: [
      {
        ...finding('L3', null),
        measurement: {
          space: 'patient',
          seriesInstanceUid: SERIES,
          points: { as: [10.5, -3, 120.25], ms: [25.1, -3, 121], ps: [40, -3, 120], ai: [10.5, -3, 95.125], mi: [25, -3, 99], pi: [40.2, -3, 94] },
          plane: { point: [0, -3, 0], normal: [0, 1, 0] },
        },
      },
    ],
  };
}

/**
 * Sections 10 and 11: a lateral radiograph T11-L1 (ERMF 0.2 mm) with canal lines of 80, 60 and 70 px (16, 12
 * and 14 mm: T12 narrowed 20% against the mean 15 mm of T11 and L1), T12 a grade 2 wedge, retropulsed, L1 treated by kyphoplasty
 * and T11 judged intact; plus L3 on a CT reformat with a patient-space canal line of 13 mm.
 */
export function spineReading(): StoredReading {
  const on = (points: SixPoints): Finding['measurement'] => ({ ...IMAGE, space: 'image', points, imageCalibration: ERMF });
  const canal = (row: number, length: number): Finding['canal'] => ({
    ...IMAGE, space: 'image', points: [[1200.5, row], [1200.5 + length, row]], imageCalibration: ERMF,
  });
  return {
    method: 'own-posterior',
    userCalibrations: {},
    findings: [
      finding('T11', on(box(100, { ha: 120, hm: 118, hp: 122 })), { posteriorWall: 'intact', canal: canal(160, 80) }),
      finding('T12', on(box(260, { ha: 90, hm: 110, hp: 124 })), { posteriorWall: 'retropulsed', canal: canal(320, 60) }),
      finding('L1', on(box(420, { ha: 118, hm: 119, hp: 125 })), { augmentation: 'kyphoplasty', canal: canal(480, 70) }),
      {
        ...patientSpaceReading().findings[0]!,
        canal: { space: 'patient', seriesInstanceUid: SERIES, points: [[25, -3, 108], [25, 10, 108]], plane: { point: [0, -3, 0], normal: [0, 1, 0] } },
      },
    ],
  };
}

export const SR_CONTEXT: SrContext = {
  patient: { name: 'PHANTOM^SPINE', id: 'PH-001', birthDate: '19500101', sex: 'F' },
  study: { studyInstanceUid: STUDY.studyInstanceUid, date: '20260101', time: '101500', id: 'S1', accessionNumber: 'A1', description: 'Lateral spine' },
  images: new Map([
    [IMAGE.sopInstanceUid, { sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1', seriesInstanceUid: SERIES }],
    [SECOND_IMAGE.sopInstanceUid, { sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1', seriesInstanceUid: SERIES }],
    [FRAME_IMAGE.sopInstanceUid, { sopClassUid: '1.2.840.10008.5.1.4.1.1.4.1', seriesInstanceUid: FRAME_IMAGE.seriesInstanceUid, numberOfFrames: 5 }],
  ]),
  now: new Date('2026-11-21T10:05:00Z'),
};
