import type { Plugin } from 'vite';

/**
 * The decoders of @cornerstonejs/dicom-image-loader 5.14 that load a WASM codec. Each starts loading its codec on
 * every call until one load has finished: the frames a decode worker is given at once while the codec is not yet
 * there (the first frames of an open) each fetch and compile it again (five fetches of the JPEG-LS decoder per open
 * with five frames in flight, `npm run trace:open` on a compressed series).
 */
const DECODERS = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]shared[\\/]decoders[\\/](decodeJPEG2000|decodeHTJ2K|decodeJPEGLS|decodeJPEGXL|decodeJPEGBaseline8Bit)\.js$/;
const INIT = /(export )?function (\w+)\(decodeConfig\) \{\n(?:.*\n){0,3}?\s*if \(local\.codec\) \{/;

/**
 * Makes those decoders share one load of their codec: calls while it loads wait for the same load; a load that
 * failed is tried again by the next call, as before. Applied to the decode worker's bundle (vite.config.ts
 * `worker.plugins`). A decoder whose code no longer has the expected shape fails the build, so that an upgrade of
 * the loader is looked at rather than silently fetching codecs again.
 */
export function codecLoadOnce(): Plugin {
  return {
    name: 'kypho-codec-load-once',
    transform(code, id) {
      if (!DECODERS.test(id)) return null;
      const match = INIT.exec(code);
      if (!match) throw new Error(`${id}: the codec initialisation is not where scripts/codecLoadOnce.ts expects it; check the loader's new version`);
      const [, exported = '', name] = match;
      const renamed = code.replace(`${exported}function ${name}(decodeConfig) {`, 'function kyphoLoadCodec(decodeConfig) {');
      const shared = `
let kyphoCodecLoading;
${exported}function ${name}(decodeConfig) {
    if (local.codec) return kyphoLoadCodec(decodeConfig);
    kyphoCodecLoading ??= kyphoLoadCodec(decodeConfig).finally(() => { kyphoCodecLoading = undefined; });
    return kyphoCodecLoading;
}
`;
      return { code: renamed + shared, map: null };
    },
  };
}
