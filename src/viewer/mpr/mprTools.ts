/**
 * The tools of the three reformatted viewports: the measuring tools of every viewport (toolGroup.ts) plus
 * crosshairs that move and rotate the planes, and one window shared by the three planes.
 *
 * Crosshairs are passive while a navigation tool is on the left button (drag a line to move that plane,
 * drag its end handle to rotate it: an oblique sagittal through a rotated or scoliotic spine), and only
 * drawn while a measuring tool is (vertebra, calibration, canal: a click or drag near a line then measures, as it should).
 */
import { synchronizers, SynchronizerManager, ToolGroupManager } from '@cornerstonejs/tools';
import { measuringToolGroup, onPrimaryToolChange, primaryTool, type PrimaryTool } from '../toolGroup';
import { PlaneCrosshairsTool } from './PlaneCrosshairsTool';
import type { MprPlane } from './reformatPlane';

export const MPR_TOOL_GROUP_ID = 'kypho-mpr';
const VOI_SYNCHRONIZER_ID = 'kypho-mpr-voi';

export const MPR_VIEWPORT_IDS: Readonly<Record<MprPlane, string>> = {
  axial: 'mpr-axial',
  sagittal: 'mpr-sagittal',
  coronal: 'mpr-coronal',
};

/**
 * One colour per plane: its label, and its line in the other two views. Not the grade colours (green,
 * yellow, orange, red), which label the vertebrae drawn on the same views.
 */
export const PLANE_COLOURS: Readonly<Record<MprPlane, string>> = {
  axial: '#c297ff',
  sagittal: '#ff7eb6',
  coronal: '#33d1c6',
};

const planeOfViewport = (viewportId: string): MprPlane | undefined =>
  (Object.keys(MPR_VIEWPORT_IDS) as MprPlane[]).find((plane) => MPR_VIEWPORT_IDS[plane] === viewportId);

function mprToolGroup() {
  const existing = ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID);
  if (existing) return existing;
  const group = measuringToolGroup(MPR_TOOL_GROUP_ID);
  group.addTool(PlaneCrosshairsTool.toolName, {
    getReferenceLineColor: (viewportId: string) => PLANE_COLOURS[planeOfViewport(viewportId) ?? 'axial'],
    getReferenceLineControllable: () => true,
    getReferenceLineDraggableRotatable: () => true,
    // Slab thickness is one control for the three planes (MprLayout), not a handle per line.
    getReferenceLineSlabThicknessControlsOn: () => false,
    referenceLinesCenterGapRadius: 24,
  });
  return group;
}

function crosshairsModeFor(tool: PrimaryTool): 'passive' | 'enabled' {
  return tool === 'vertebra' || tool === 'calibrate' || tool === 'canal' ? 'enabled' : 'passive';
}

function applyCrosshairsMode(tool: PrimaryTool): void {
  const group = ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID);
  if (!group || group.getViewportIds().length < 2) return;
  if (crosshairsModeFor(tool) === 'enabled') group.setToolEnabled(PlaneCrosshairsTool.toolName);
  else group.setToolPassive(PlaneCrosshairsTool.toolName);
}

/**
 * Puts the three reformatted viewports (already enabled, volumes set) under the MPR tools. Returns the
 * undo: the viewports leave the group and the window synchronizer, and the crosshairs are put away.
 */
export function attachMprTools(renderingEngineId: string): () => void {
  const group = mprToolGroup();
  const viewportIds = Object.values(MPR_VIEWPORT_IDS);
  for (const viewportId of viewportIds) group.addViewport(viewportId, renderingEngineId);
  const voi =
    SynchronizerManager.getSynchronizer(VOI_SYNCHRONIZER_ID) ?? synchronizers.createVOISynchronizer(VOI_SYNCHRONIZER_ID, { syncInvertState: true, syncColormap: false });
  for (const viewportId of viewportIds) voi.add({ renderingEngineId, viewportId });
  applyCrosshairsMode(primaryTool());
  const unsubscribe = onPrimaryToolChange(applyCrosshairsMode);
  return () => {
    unsubscribe();
    group.setToolDisabled(PlaneCrosshairsTool.toolName);
    for (const viewportId of viewportIds) {
      voi.remove({ renderingEngineId, viewportId });
      group.removeViewports(renderingEngineId, viewportId);
    }
  };
}

/** Back to three orthogonal planes through the volume's centre (each view is then fitted by the caller). */
export function resetCrosshairs(): void {
  const tool = ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID)?.getToolInstance(PlaneCrosshairsTool.toolName) as PlaneCrosshairsTool | undefined;
  tool?.resetCrosshairs();
}
