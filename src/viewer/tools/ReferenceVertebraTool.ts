/**
 * The reference reading of a teaching case, drawn over the trainee's vertebrae after they submit: the same six
 * points, endplates and heights, in one colour of its own, labelled on the posterior side so that the two labels
 * of a level do not cover each other. It only draws (enabled, never on a mouse button); referenceOverlay.ts
 * places its annotations.
 */
import { VertebralMorphometryTool } from './VertebralMorphometryTool';

export class ReferenceVertebraTool extends VertebralMorphometryTool {
  static override toolName = 'KyphoReferenceVertebra';
  protected override labelSide = 'posterior' as const;
}
