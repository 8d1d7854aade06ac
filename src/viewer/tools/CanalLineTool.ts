/**
 * The Canal tool (`Shift+C`, morphometry.md section 11): a two-point line across the spinal canal at the level of
 * the body's middle, from the posterior wall of the body to the front of the lamina. A LengthTool that draws no
 * length of its own: the reading records the diameter in the calibration in force, and the panel shows it.
 */
import { LengthTool, type Types } from '@cornerstonejs/tools';

export class CanalLineTool extends LengthTool {
  static override toolName = 'KyphoCanalLine';

  constructor(toolProps: Types.PublicToolProps = {}) {
    super(toolProps, {
      supportedInteractionTypes: ['Mouse'],
      configuration: {
        preventHandleOutsideImage: false,
        getTextLines: () => ['Canal'],
        // As for the calibration line: z is the zoom hotkey and undo is the reading's own.
        actions: {},
      },
    });
  }
}
