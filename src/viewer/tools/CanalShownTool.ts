/**
 * The canal lines of the reading, drawn back where they were drawn (morphometry.md section 11): after the Canal
 * tool's line is taken into the reading, after a reload or an import. It only draws (enabled, never on a mouse
 * button, locked annotations); canalBridge.ts places its annotations and gives each its label in `data.label`.
 */
import { LengthTool, type Types } from '@cornerstonejs/tools';

export class CanalShownTool extends LengthTool {
  static override toolName = 'KyphoCanalShown';

  constructor(toolProps: Types.PublicToolProps = {}) {
    super(toolProps, {
      supportedInteractionTypes: ['Mouse'],
      configuration: {
        preventHandleOutsideImage: false,
        getTextLines: (data: { label?: string }) => [data.label ?? 'Canal'],
        actions: {},
      },
    });
  }
}
