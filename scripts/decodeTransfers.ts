import type { Plugin } from 'vite';

/**
 * @cornerstonejs/dicom-image-loader 5.14 copies every frame twice on its way through the decode worker: its
 * processDecodeTask computes a transfer list when `options.transferPixelData` is set but never passes it, so the
 * frame's bytes are cloned into the worker, and the worker's answer (the decoded pixels) is cloned back. On the 211
 * frames of the phantom CT that was about half a second of the main thread (`npm run profile:frames`, issue 19).
 */
const MAIN = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]imageLoader[\\/]decodeImageFrame\.js$/;
const MAIN_CALL = /return webWorkerManager\.executeTask\('dicomImageLoader', 'decodeTask', (\{\s*imageFrame,\s*transferSyntax,\s*pixelData,\s*options,\s*decodeConfig,\s*\}), \{/;
const WORKER = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]decodeImageFrameWorker\.js$/;
const WORKER_TASK = /return (decodeImageFrame\(imageFrame, transferSyntax, pixelData, decodeConfig, options, callbackFn\));/;
const SET_TYPE = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]imageLoader[\\/]setPixelDataType\.js$/;
const SET_TYPE_COPY = 'const typedArray = new TypedArray(imageFrame.pixelData);';

/**
 * Moves the frame into the decode worker when the loader's caller asks for it (`transferPixelData`: Kypho's DICOMweb
 * frames, each in a buffer of its own; never local files, whose frames are views into the whole file), and moves the
 * decoded pixels back when they fill a buffer of their own (not a view into a codec's memory or a volume's shared
 * buffer, which stay copied as before). Applied to the app's bundle and to the decode worker's (vite.config.ts). A
 * loader whose code no longer has the expected shape fails the build, so that an upgrade is looked at.
 */
export function decodeTransfers(): Plugin {
  return {
    name: 'kypho-decode-transfers',
    transform(code, id) {
      if (MAIN.test(id)) {
        if (!MAIN_CALL.test(code)) throw new Error(`${id}: the decode task is not where scripts/decodeTransfers.ts expects it; check the loader's new version`);
        const replaced = code.replace(
          MAIN_CALL,
          (_, args: string) => `const kyphoArgs = ${args};\n    return webWorkerManager.executeTask('dicomImageLoader', 'decodeTask', transferList ? kyphoTransfer(kyphoArgs, transferList) : kyphoArgs, {`,
        );
        return { code: `import { transfer as kyphoTransfer } from 'comlink';\n${replaced}`, map: null };
      }
      if (SET_TYPE.test(id)) {
        // Back on the main thread the loader copies the decoded pixels into an array of the type their values need, also
        // when they already are in one (the worker made it so): 0.2 s of the main thread for the CT's 211 frames.
        if (!code.includes(SET_TYPE_COPY)) throw new Error(`${id}: the pixel type is not set where scripts/decodeTransfers.ts expects it; check the loader's new version`);
        return { code: code.replace(SET_TYPE_COPY, 'const typedArray = imageFrame.pixelData instanceof TypedArray ? imageFrame.pixelData : new TypedArray(imageFrame.pixelData);'), map: null };
      }
      if (WORKER.test(id)) {
        if (!WORKER_TASK.test(code)) throw new Error(`${id}: the decode task is not where scripts/decodeTransfers.ts expects it; check the loader's new version`);
        const replaced = code.replace(WORKER_TASK, 'return $1.then(kyphoMoveBack);');
        const moveBack = `
function kyphoMoveBack(frame) {
    const pixels = frame && frame.pixelData;
    const buffer = pixels && pixels.buffer;
    const own = buffer instanceof ArrayBuffer && buffer.byteLength === pixels.byteLength;
    return own ? kyphoTransfer(frame, [buffer]) : frame;
}
`;
        return { code: `import { transfer as kyphoTransfer } from 'comlink';\n${replaced}${moveBack}`, map: null };
      }
      return null;
    },
  };
}
