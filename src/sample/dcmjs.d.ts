/**
 * Minimal typings for the parts of dcmjs (0.51, which ships no .d.ts) used by src/sample and
 * the tests: building a DicomDict and writing it, and reading a file back as a cross-check.
 * Only what the runtime really exports at the top level is declared (`data`, default).
 */
declare module 'dcmjs' {
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
  }

  export type DcmjsDict = Record<string, DcmjsElement>;

  export interface DicomDictInstance {
    meta: DcmjsDict;
    dict: DcmjsDict;
    upsertTag(tag: string, vr: string, values: unknown[]): void;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  export interface DcmjsData {
    DicomDict: new (meta: DcmjsDict) => DicomDictInstance;
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string | null }): DicomDictInstance;
    };
    DicomMetaDictionary: {
      naturalizeDataset(dict: DcmjsDict): Record<string, unknown>;
    };
  }

  export const data: DcmjsData;
  const dcmjs: { data: DcmjsData };
  export default dcmjs;
}
