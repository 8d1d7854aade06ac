/**
 * The part of fflate 0.7.3 that Kypho uses. fflate ships types, but its package.json "exports" do not point
 * to them, so TypeScript cannot find them; mapping them with tsconfig "paths" would also redirect tsx's
 * runtime import to the .d.ts. These are copied from fflate/lib/index.d.ts.
 */
declare module 'fflate' {
  export interface DeflateOptions {
    /** 0 stores the data without compression; 1 is fastest, 9 compresses best; 6 by default. */
    level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
    mem?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;
  }

  export interface ZipAttributes {
    os?: number;
    attrs?: number;
    extra?: Record<number, Uint8Array>;
    comment?: string;
    /** When the file was last modified; the current time by default. */
    mtime?: string | number | Date;
  }

  export interface ZipOptions extends DeflateOptions, ZipAttributes {}

  export type ZippableFile = Uint8Array | Zippable | [Uint8Array | Zippable, ZipOptions];

  /** Paths (with '/') or folders to files; entries are written in the object's key order. */
  export interface Zippable {
    [path: string]: ZippableFile;
  }

  export interface UnzipFileInfo {
    name: string;
    /** Compressed size. */
    size: number;
    originalSize: number;
    /** 0 stored, 8 deflated (PKZIP APPNOTE 4.4.5). */
    compression: number;
  }

  export interface UnzipOptions {
    filter?: (file: UnzipFileInfo) => boolean;
  }

  export function zipSync(data: Zippable, opts?: ZipOptions): Uint8Array;
  export function unzipSync(data: Uint8Array, opts?: UnzipOptions): Record<string, Uint8Array>;
  export function inflateSync(data: Uint8Array, out?: Uint8Array): Uint8Array;
  export function strToU8(str: string, latin1?: boolean): Uint8Array;
}
