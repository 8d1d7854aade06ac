import { Enums as ToolEnums, PanTool, StackScrollTool, ToolGroupManager, WindowLevelTool, ZoomTool } from '@cornerstonejs/tools';

const TOOL_GROUP_ID = 'kypho-stack';
const { MouseBindings } = ToolEnums;

/** The mouse tools a reader can put on the left button. */
export const PRIMARY_TOOLS = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
} as const;
export type PrimaryTool = keyof typeof PRIMARY_TOOLS;

function toolGroup() {
  const existing = ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
  if (existing) return existing;
  const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID)!;
  for (const name of [WindowLevelTool.toolName, PanTool.toolName, ZoomTool.toolName, StackScrollTool.toolName]) group.addTool(name);
  // Left drag: the chosen tool (window/level to start); middle: pan; right: zoom; wheel: scroll.
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
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
  for (const name of Object.values(PRIMARY_TOOLS)) {
    // Passive removes only the left-button binding of a tool.
    if (name !== PRIMARY_TOOLS[tool]) group.setToolPassive(name);
  }
  group.setToolActive(PRIMARY_TOOLS[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
}
