import * as dicomParserModule from 'dicom-parser';

// dicom-parser is a UMD bundle: bundlers expose its functions as named exports, plain Node ESM only as `default`.
export const dicomParser = (dicomParserModule as { default?: typeof dicomParserModule }).default ?? dicomParserModule;
