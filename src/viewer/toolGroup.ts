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
import { CanalLineTool } from './tools/CanalLineTool';
import { CanalShownTool } from './tools/CanalShownTool';
import { LinkedOverlayTool, type LinkedOverlayConfiguration } from './tools/LinkedOverlayTool';
import { SignalRatioTool, type SignalRatioConfiguration } from './tools/SignalRatioTool';
import { ReferenceVertebraTool } from './tools/ReferenceVertebraTool';
import { ForeignSrTool, type ForeignSrConfiguration } from './tools/ForeignSrTool';
import { VertebralMorphometryTool, type VertebralMorphometryConfiguration, type VertebraProposal } from './tools/VertebralMorphometryTool';
import { guardUnload } from '../app/unloadGuard';

const STACK_TOOL_GROUP_ID = 'kypho-stack';
const { MouseBindings } = ToolEnums;

/** The mouse tools a reader can put on the left button. */
export const PRIMARY_TOOLS = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  vertebra: VertebralMorphometryTool.toolName,
  calibrate: CalibrationLineTool.toolName,
  signalRatio: SignalRatioTool.toolName,
  canal: CanalLineTool.toolName,
} as const;
export type PrimaryTool = keyof typeof PRIMARY_TOOLS;

/** Every group made by measuringToolGroup: the stack viewports' and the reformats' (viewer/mpr). */
const groupIds = new Set<string>();
let primary: PrimaryTool = 'windowLevel';
let vertebraConfiguration: VertebralMorphometryConfiguration | null = null;
let referenceConfiguration: VertebralMorphometryConfiguration | null = null;
let signalRatioConfiguration: SignalRatioConfiguration | null = null;
let foreignSrConfiguration: ForeignSrConfiguration | null = null;
const primaryToolListeners = new Set<(tool: PrimaryTool) => void>();

/**
 * A tool group with the navigation and measuring tools, the same bindings and the same left-button tool
 * in every group. A viewport belongs to one group; the reformats need a group of their own for the crosshairs.
 */
export function measuringToolGroup(id = STACK_TOOL_GROUP_ID) {
  const existing = ToolGroupManager.getToolGroup(id);
  if (existing) return existing;
  const group = ToolGroupManager.createToolGroup(id)!;
  // A vertebra half placed (one to five points) is in no reading yet: closing the tab asks first (once, for all groups).
  if (groupIds.size === 0) guardUnload(() => vertebraTools().some((tool) => tool.isPlacing()));
  groupIds.add(id);
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
  group.setToolPassive(CanalLineTool.toolName);
  group.addTool(ReferenceVertebraTool.toolName);
  group.setToolEnabled(ReferenceVertebraTool.toolName);
  // Draws only (crosshair of linked viewports, edema markers): enabled, never on a mouse button. After the vertebra
  // tools: tools draw in the order added, and the markers' labels keep clear of the vertebrae's (labelBoxes.ts).
  group.addTool(LinkedOverlayTool.toolName);
  group.setToolEnabled(LinkedOverlayTool.toolName);
  group.addTool(ForeignSrTool.toolName);
  group.setToolEnabled(ForeignSrTool.toolName);
  if (foreignSrConfiguration) group.setToolConfiguration(ForeignSrTool.toolName, foreignSrConfiguration);
  group.addTool(CanalShownTool.toolName);
  group.setToolEnabled(CanalShownTool.toolName);
  if (referenceConfiguration) group.setToolConfiguration(ReferenceVertebraTool.toolName, referenceConfiguration);
  if (vertebraConfiguration) group.setToolConfiguration(VertebralMorphometryTool.toolName, vertebraConfiguration);
  if (signalRatioConfiguration) group.setToolConfiguration(SignalRatioTool.toolName, signalRatioConfiguration);
  if (primary !== 'windowLevel') applyPrimaryTool(group, primary);
  return group;
}

function toolGroups() {
  if (groupIds.size === 0) measuringToolGroup();
  return [...groupIds].flatMap((id) => ToolGroupManager.getToolGroup(id) ?? []);
}

export function addViewportToTools(viewportId: string, renderingEngineId: string): void {
  measuringToolGroup().addViewport(viewportId, renderingEngineId);
}

export function removeViewportFromTools(viewportId: string, renderingEngineId: string): void {
  ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.removeViewports(renderingEngineId, viewportId);
}

/** Puts a tool on the left button of every group; the others keep their middle/right/wheel bindings. */
export function setPrimaryTool(tool: PrimaryTool): void {
  // A vertebra or calibration line half drawn would be left without its tool: drop it first.
  cancelManipulations();
  primary = tool;
  for (const group of toolGroups()) applyPrimaryTool(group, tool);
  for (const listener of primaryToolListeners) listener(tool);
}

function applyPrimaryTool(group: ReturnType<typeof measuringToolGroup>, tool: PrimaryTool): void {
  // A canal line starts on the posterior wall, where a measured vertebra's posterior height is drawn, and a
  // calibration line often along a body's wall: while either is drawn, vertebrae are drawn only (enabled), so that
  // the press starts the line instead of grabbing a vertebra's handle and silently moving it.
  const drawnOnly: string[] = tool === 'canal' || tool === 'calibrate' ? [VertebralMorphometryTool.toolName] : [];
  for (const name of Object.values(PRIMARY_TOOLS)) {
    if (name === PRIMARY_TOOLS[tool]) continue;
    // Passive removes only the left-button binding of a tool.
    if (drawnOnly.includes(name)) group.setToolEnabled(name);
    else group.setToolPassive(name);
  }
  group.setToolActive(PRIMARY_TOOLS[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

export function primaryTool(): PrimaryTool {
  return primary;
}

/** Told of every change of the left-button tool (the reformats quiet their crosshairs while measuring). */
export function onPrimaryToolChange(listener: (tool: PrimaryTool) => void): () => void {
  primaryToolListeners.add(listener);
  return () => primaryToolListeners.delete(listener);
}

/** Esc: cancels the vertebra being placed, a handle being dragged or a line being drawn, in every viewport. */
export function cancelManipulations(): boolean {
  let cancelled = false;
  for (const { viewportId, renderingEngineId } of toolGroups().flatMap((group) => group.viewportsInfo)) {
    const element = getEnabledElementByIds(viewportId, renderingEngineId)?.viewport.element;
    if (element && cancelActiveManipulations(element)) cancelled = true;
  }
  return cancelled;
}

/** Gives the vertebra tool its view of the reading: the label of each vertebra and the next level. */
export function configureVertebraTool(configuration: VertebralMorphometryConfiguration): void {
  vertebraConfiguration = configuration;
  for (const group of toolGroups()) group.setToolConfiguration(VertebralMorphometryTool.toolName, configuration);
}

/** What the reference vertebrae of a teaching case say (referenceOverlay.ts). */
export function configureReferenceTool(configuration: VertebralMorphometryConfiguration): void {
  referenceConfiguration = configuration;
  for (const group of toolGroups()) group.setToolConfiguration(ReferenceVertebraTool.toolName, configuration);
}

/** What another viewer's SR shown on its images draws (foreignSrOverlay.ts). */
export function configureForeignSrTool(configuration: ForeignSrConfiguration): void {
  foreignSrConfiguration = configuration;
  for (const group of toolGroups()) group.setToolConfiguration(ForeignSrTool.toolName, configuration);
}

/** The vertebra tool of the group where a vertebra is being placed, if any, else of the stack viewports. */
export function vertebraTool(): VertebralMorphometryTool | undefined {
  const tools = vertebraTools();
  return tools.find((tool) => tool.isPlacing()) ?? tools[0];
}

/** The vertebra tool of every group (the stacks' and the reformats'): each holds its own placing and selected handle. */
export function vertebraTools(): VertebralMorphometryTool[] {
  return toolGroups()
    .map((group) => group.getToolInstance(VertebralMorphometryTool.toolName) as VertebralMorphometryTool | undefined)
    .filter((tool): tool is VertebralMorphometryTool => !!tool);
}

/** The vertebra proposed on a viewport (by the tool of whichever group holds it: the stacks' or the reformats'), or null. */
export function proposalOn(element: HTMLDivElement): VertebraProposal | null {
  for (const group of toolGroups()) {
    const shown = (group.getToolInstance(VertebralMorphometryTool.toolName) as VertebralMorphometryTool | undefined)?.proposalOn(element);
    if (shown) return shown;
  }
  return null;
}

/** Enter: the next vertebra proposed (on the viewport under the cursor, else the only one) is placed. */
export function acceptProposal(): boolean {
  return toolGroups().some((group) => (group.getToolInstance(VertebralMorphometryTool.toolName) as VertebralMorphometryTool | undefined)?.acceptProposal());
}

/** What the linked-viewport overlay draws: the crosshair (linkedViewports.ts) and the edema markers (the app). */
export function configureLinkedOverlay(configuration: Partial<LinkedOverlayConfiguration>): void {
  measuringToolGroup().setToolConfiguration(LinkedOverlayTool.toolName, configuration);
}

export function configureSignalRatioTool(configuration: SignalRatioConfiguration): void {
  signalRatioConfiguration = configuration;
  for (const group of toolGroups()) group.setToolConfiguration(SignalRatioTool.toolName, configuration);
}
