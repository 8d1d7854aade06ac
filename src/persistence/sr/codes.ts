/**
 * The coded concepts of Kypho's TID 1500 measurement report, beside the template that uses them (srWrite.ts).
 *
 * Sources:
 * - DCM: DICOM PS3.16 (TID 1500, 1501, 300, 1001, 1204, 1600; CID 7470 Linear Measurement for Height 121207;
 *   CID 7002 for Impression 121073).
 * - SCT vertebrae C1..L5: DICOM PS3.16 CID 7603 "Vertebra". S1: SNOMED CT 65985001 "Structure of first
 *   sacral vertebra". Vertebral column 421060004. Anatomic modifiers (anterior, central, posterior): CID 2.
 *   Fracture of bone 125605004, Present 52101004 / Absent 2667000, Yes 373066001 / No 373067005.
 * - UCUM units: mm, 1 (no units), %, deg.
 * - 99KYPHO: Kypho's private coding scheme, used only where no standard code exists: the transitional
 *   levels T13 and L6, the morphometric ratios, the Genant grade and deformity type, the calibration,
 *   the fracture-age items (morphometry.md section 7) and the full-precision landmark text.
 */
import type { CalibrationLabel, DeformityType, EdemaExtent, EdemaSequence, FractureAge, Grade, Level, Method } from '../../morphometry';

export interface Code {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

const dcm = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: 'DCM', CodeMeaning: meaning });
const sct = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: 'SCT', CodeMeaning: meaning });
const ucum = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: 'UCUM', CodeMeaning: meaning });
const kypho = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: KYPHO_SCHEME, CodeMeaning: meaning });

export const KYPHO_SCHEME = '99KYPHO';

/** Declares the private scheme in the SR (Coding Scheme Identification Sequence, 0008,0110). */
export const KYPHO_SCHEME_IDENTIFICATION = {
  CodingSchemeDesignator: KYPHO_SCHEME,
  CodingSchemeName: 'Kypho vertebral fracture assessment',
  CodingSchemeResponsibleOrganization: 'Kypho',
};

export const CODES = {
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  languageOfContent: dcm('121049', 'Language of Content Item and Descendants'),
  englishUs: { CodeValue: 'en-US', CodingSchemeDesignator: 'RFC5646', CodeMeaning: 'English (United States)' } as Code,
  observerType: dcm('121005', 'Observer Type'),
  device: dcm('121007', 'Device'),
  person: dcm('121006', 'Person'),
  personObserverName: dcm('121008', 'Person Observer Name'),
  personObserverOrganization: dcm('121009', "Person Observer's Organization Name"),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  deviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  procedureReported: dcm('121058', 'Procedure reported'),
  imagingProcedure: sct('363679005', 'Imaging procedure'),
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUid: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  fractureOfBone: sct('125605004', 'Fracture of bone'),
  measurementMethod: sct('370129005', 'Measurement Method'),
  findingSite: sct('363698007', 'Finding Site'),
  topographicalModifier: sct('106233006', 'Topographical modifier'),
  vertebralColumn: sct('421060004', 'Vertebral column'),
  height: dcm('121207', 'Height'),
  anterior: sct('255549009', 'Anterior'),
  central: sct('26216008', 'Central'),
  posterior: sct('255551008', 'Posterior'),
  comment: dcm('121106', 'Comment'),
  qualitativeEvaluations: { CodeValue: 'C0034375', CodingSchemeDesignator: 'UMLS', CodeMeaning: 'Qualitative Evaluations' } as Code,
  impression: dcm('121073', 'Impression'),
  present: sct('52101004', 'Present'),
  absent: sct('2667000', 'Absent'),
  yes: sct('373066001', 'Yes'),
  no: sct('373067005', 'No'),

  hpAdjacent: kypho('HPADJ', 'Mean posterior height of adjacent vertebrae'),
  wedgeRatio: kypho('WEDGERATIO', 'Anterior to posterior height ratio (Ha/Hp)'),
  biconcaveRatio: kypho('BICONCRATIO', 'Middle to posterior height ratio (Hm/Hp)'),
  crushRatio: kypho('CRUSHRATIO', 'Posterior height to adjacent posterior height ratio'),
  wedgeAngle: kypho('WEDGEANGLE', 'Angle between the vertebral endplates'),
  heightLoss: kypho('HEIGHTLOSS', 'Vertebral height loss'),
  genantGrade: kypho('GENANT', 'Genant semiquantitative grade'),
  deformityType: kypho('DEFORMITY', 'Vertebral deformity type'),
  calibration: kypho('CALIBRATION', 'Height calibration'),
  rowSpacing: kypho('ROWSPACING', 'Pixel spacing between rows used for heights'),
  columnSpacing: kypho('COLSPACING', 'Pixel spacing between columns used for heights'),
  imageCalibration: kypho('IMAGECALIBRATION', 'Calibration from the image attributes'),
  imageRowSpacing: kypho('IMAGEROWSPACING', 'Pixel spacing between rows from the image attributes'),
  imageColumnSpacing: kypho('IMAGECOLSPACING', 'Pixel spacing between columns from the image attributes'),
  landmarks: kypho('LANDMARKS', 'Landmark coordinates at full precision'),
  edema: kypho('EDEMA', 'Bone marrow edema'),
  edemaExtent: kypho('EDEMAEXTENT', 'Extent of bone marrow edema'),
  edemaSequence: kypho('EDEMASEQUENCE', 'Sequence on which edema was judged'),
  signalRatio: kypho('SIGNALRATIO', 'Signal intensity ratio to a reference vertebra'),
  fractureAge: kypho('FRACTUREAGE', 'Fracture age'),
  fractureAgeSource: kypho('AGESOURCE', 'Fracture age assessment'),
  ageDerived: kypho('AGEDERIVED', 'Derived from edema and grade'),
  ageByReader: kypho('AGEREADER', 'Judged by the reader'),
  suspiciousForMalignancy: kypho('MALIGNANCY', 'Suspicious for malignancy'),
  sdi: kypho('SDI', 'Spinal deformity index (T4-L4)'),
  levelsMeasured: kypho('LEVELSMEASURED', 'Vertebral levels measured in T4-L4'),
  vertebraAssessment: kypho('VERTEBRA', 'Vertebral fracture assessment of one vertebra'),
  plane: kypho('PLANE', 'Plane the landmarks were placed on (patient mm)'),
  pointsSwapped: kypho('SWAPPED', 'Landmarks swapped into anatomical order'),
  seriesInstanceUid: dcm('112002', 'Series Instance UID'),
} as const;

/**
 * The tracking identifier Cornerstone3D writes for a Length, so that its adapters (and OHIF through them)
 * load each height as a length measurement.
 */
export const CORNERSTONE_LENGTH = 'Cornerstone3DTools@^0.1.0:Length';

/** The names radiologists use for the three heights, in the label of each line. */
export const HEIGHT_ABBREVIATIONS = { a: 'Ha', m: 'Hm', p: 'Hp' } as const;

export const UNITS = {
  mm: ucum('mm', 'millimeter'),
  pixel: ucum('{pixel}', 'pixel'),
  ratio: ucum('1', 'no units'),
  percent: ucum('%', 'percent'),
  degree: ucum('deg', 'degree'),
} as const;

/** CID 7603 "Vertebra" (C1..L5), S1 and the two transitional levels, which SNOMED CT does not name. */
export const VERTEBRA_CODES: Readonly<Record<Level, Code>> = {
  C1: sct('14806007', 'C1 vertebra'),
  C2: sct('39976000', 'C2 vertebra'),
  C3: sct('113205007', 'C3 vertebra'),
  C4: sct('5329002', 'C4 vertebra'),
  C5: sct('36978003', 'C5 vertebra'),
  C6: sct('36054005', 'C6 vertebra'),
  C7: sct('87391001', 'C7 vertebra'),
  T1: sct('64864005', 'T1 vertebra'),
  T2: sct('53733008', 'T2 vertebra'),
  T3: sct('1626008', 'T3 vertebra'),
  T4: sct('73071006', 'T4 vertebra'),
  T5: sct('56401006', 'T5 vertebra'),
  T6: sct('45296009', 'T6 vertebra'),
  T7: sct('62487009', 'T7 vertebra'),
  T8: sct('11068009', 'T8 vertebra'),
  T9: sct('82687006', 'T9 vertebra'),
  T10: sct('7610001', 'T10 vertebra'),
  T11: sct('12989004', 'T11 vertebra'),
  T12: sct('23215003', 'T12 vertebra'),
  T13: kypho('T13', 'T13 vertebra (transitional)'),
  L1: sct('66794005', 'L1 vertebra'),
  L2: sct('14293000', 'L2 vertebra'),
  L3: sct('36470004', 'L3 vertebra'),
  L4: sct('11994002', 'L4 vertebra'),
  L5: sct('49668003', 'L5 vertebra'),
  L6: kypho('L6', 'L6 vertebra (transitional)'),
  S1: sct('65985001', 'S1 vertebra'),
};

export const METHOD_CODES: Readonly<Record<Method, Code>> = {
  'own-posterior': kypho('OWNPOSTERIOR', 'Height loss against own posterior and adjacent heights'),
  adjacent: kypho('ADJACENTREF', 'Height loss against adjacent vertebrae'),
};

export const GRADE_CODES: Readonly<Record<Grade, Code>> = {
  0: kypho('GENANT0', 'Genant grade 0 (normal)'),
  1: kypho('GENANT1', 'Genant grade 1 (mild)'),
  2: kypho('GENANT2', 'Genant grade 2 (moderate)'),
  3: kypho('GENANT3', 'Genant grade 3 (severe)'),
};

export const TYPE_CODES: Readonly<Record<DeformityType, Code>> = {
  wedge: kypho('WEDGE', 'Wedge deformity'),
  biconcave: kypho('BICONCAVE', 'Biconcave deformity'),
  crush: kypho('CRUSH', 'Crush deformity'),
};

export const CALIBRATION_CODES: Readonly<Record<CalibrationLabel, Code>> = {
  mm: kypho('PIXELSPACING', 'mm from Pixel Spacing'),
  'mm (ERMF)': kypho('ERMF', 'mm from Imager Pixel Spacing and magnification factor'),
  'mm (detector)': kypho('DETECTOR', 'mm at the detector plane'),
  'mm (user)': kypho('USER', 'mm from a line of known length drawn by the reader'),
  px: kypho('PIXELS', 'pixels, no spacing known'),
};

export const EXTENT_CODES: Readonly<Record<EdemaExtent, Code>> = {
  '<25%': kypho('EXTENT<25', 'Less than 25% of the vertebral body'),
  '25-74%': kypho('EXTENT25-74', '25% to 74% of the vertebral body'),
  '>=75%': kypho('EXTENT>=75', '75% or more of the vertebral body'),
};

export const SEQUENCE_CODES: Readonly<Record<EdemaSequence, Code>> = {
  STIR: kypho('STIR', 'STIR'),
  'T2-FS': kypho('T2FS', 'T2 fat saturated'),
  T1: kypho('T1', 'T1'),
  other: kypho('OTHERSEQUENCE', 'Other sequence'),
};

export const AGE_CODES: Readonly<Record<FractureAge, Code>> = {
  acute: kypho('ACUTE', 'Acute or subacute'),
  chronic: kypho('CHRONIC', 'Chronic'),
  indeterminate: kypho('INDETERMINATE', 'Indeterminate'),
};

export function sameCode(a: Partial<Code> | undefined, b: Code): boolean {
  return !!a && a.CodeValue === b.CodeValue && a.CodingSchemeDesignator === b.CodingSchemeDesignator;
}

/** The key whose code matches, e.g. the level of a finding site. */
export function keyOfCode<K extends string | number>(table: Readonly<Record<K, Code>>, code: Partial<Code> | undefined): K | undefined {
  return (Object.keys(table) as K[]).find((key) => sameCode(code, table[key]));
}
