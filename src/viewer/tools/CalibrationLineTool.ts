/**
 * The line a reader draws over a structure of known length to calibrate an image ("Calibrate").
 * A LengthTool that shows no length of its own: until the reader types the true length, any mm it
 * could show would come from the very calibration being replaced.
 */
import { LengthTool, type Types } from '@cornerstonejs/tools';

export class CalibrationLineTool extends LengthTool {
  static override toolName = 'KyphoCalibrationLine';

  constructor(toolProps: Types.PublicToolProps = {}) {
    super(
      toolProps,
      {
        supportedInteractionTypes: ['Mouse'],
        configuration: {
          preventHandleOutsideImage: false,
          getTextLines: () => ['Calibration line'],
          // LengthTool binds undo/redo to plain z / y; here z is the zoom hotkey and undo is the reading's own.
          actions: {},
        },
      },
    );
  }
}
