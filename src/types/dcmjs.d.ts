/** The part of dcmjs that Kypho uses; dcmjs ships no type declarations. */
declare module 'dcmjs' {
  /** A dataset in dcmjs's "naturalized" form: attribute keywords as keys, `_vrMap` for ambiguous VRs. */
  export type NaturalizedDataset = Record<string, unknown>;
  /** The denaturalized form: tags like `00100010` mapping to `{ vr, Value }`. */
  export type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[] }>;

  export class DicomDict {
    constructor(meta: DenaturalizedDataset);
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  export class DicomMessage {
    static readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDict;
  }

  export class DicomMetaDictionary {
    static denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
    static naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
    static uid(): string;
  }

  export const data: {
    DicomDict: typeof DicomDict;
    DicomMessage: typeof DicomMessage;
    DicomMetaDictionary: typeof DicomMetaDictionary;
  };

  const dcmjs: { data: typeof data };
  export default dcmjs;
}
