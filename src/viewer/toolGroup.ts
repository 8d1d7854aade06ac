import {
  cancelActiveManipulations,
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { getEnabledElementByIds } from '@cornerstonejs/core';
import { CalibrationLineTool } from './tools/CalibrationLineTool';
import { LinkedOverlayTool, type LinkedOverlayConfiguration } from './tools/LinkedOverlayTool';
import { SignalRatioTool, type SignalRatioConfiguration } from './tools/SignalRatioTool';
import { VertebralMorphometryTool, type VertebralMorphometryConfiguration } from './tools/VertebralMorphometryTool';

const TOOL_GROUP_ID = 'kypho-stack';
const { MouseBindings } = ToolEnums;

/** The mouse tools a reader can put on the left button. */
export const PRIMARY_TOOLS = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  vertebra: VertebralMorphometryTool.toolName,
  calibrate: CalibrationLineTool.toolName,
  signalRatio: SignalRatioTool.toolName,
} as const;
export type PrimaryTool = keyof typeof PRIMARY_TOOLS;

function toolGroup() {
  const existing = ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
  if (existing) return existing;
  const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID)!;
  for (const name of Object.values(PRIMARY_TOOLS)) group.addTool(name);
  group.addTool(StackScrollTool.toolName);
  // Left drag: the chosen tool (window/level to start); middle: pan; right: zoom; wheel: scroll.
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  // Passive: vertebrae stay drawn, and their handles can be dragged, whatever tool is on the left button.
  group.setToolPassive(VertebralMorphometryTool.toolName);
  group.setToolPassive(CalibrationLineTool.toolName);
  group.setToolPassive(SignalRatioTool.toolName);
  // Draws only (crosshair of linked viewports, edema markers): enabled, never on a mouse button.
  group.addTool(LinkedOverlayTool.toolName);
  group.setToolEnabled(LinkedOverlayTool.toolName);
  return group;
}

export function addViewportToTools(viewportId: string, renderingEngineId: string): void {
  toolGroup().addViewport(viewportId, renderingEngineId);
}

export function removeViewportFromTools(viewportId: string, renderingEngineId: string): void {
  ToolGroupManager.getToolGroup(TOOL_GROUP_ID)?.removeViewports(renderingEngineId, viewportId);
}

/** Puts a tool on the left button; the others keep their middle/right/wheel bindings. */
export function setPrimaryTool(tool: PrimaryTool): void {
  const group = toolGroup();
  // A vertebra or calibration line half drawn would be left without its tool: drop it first.
  cancelManipulations();
  for (const name of Object.values(PRIMARY_TOOLS)) {
    // Passive removes only the left-button binding of a tool.
    if (name !== PRIMARY_TOOLS[tool]) group.setToolPassive(name);
  }
  group.setToolActive(PRIMARY_TOOLS[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

/** Esc: cancels the vertebra being placed, a handle being dragged or a line being drawn, in every viewport. */
export function cancelManipulations(): boolean {
  let cancelled = false;
  for (const { viewportId, renderingEngineId } of toolGroup().viewportsInfo) {
    const element = getEnabledElementByIds(viewportId, renderingEngineId)?.viewport.element;
    if (element && cancelActiveManipulations(element)) cancelled = true;
  }
  return cancelled;
}

/** Gives the vertebra tool its view of the reading: the label of each vertebra and the next level. */
export function configureVertebraTool(configuration: VertebralMorphometryConfiguration): void {
  toolGroup().setToolConfiguration(VertebralMorphometryTool.toolName, configuration);
}

export function vertebraTool(): VertebralMorphometryTool | undefined {
  return toolGroup().getToolInstance(VertebralMorphometryTool.toolName) as VertebralMorphometryTool | undefined;
}

/** What the linked-viewport overlay draws: the crosshair (linkedViewports.ts) and the edema markers (the app). */
export function configureLinkedOverlay(configuration: Partial<LinkedOverlayConfiguration>): void {
  toolGroup().setToolConfiguration(LinkedOverlayTool.toolName, configuration);
}

export function configureSignalRatioTool(configuration: SignalRatioConfiguration): void {
  toolGroup().setToolConfiguration(SignalRatioTool.toolName, configuration);
}
