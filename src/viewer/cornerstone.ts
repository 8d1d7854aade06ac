import { init as coreInit } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  init as toolsInit,
  addTool,
  PanTool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { installAutomationHooks } from './automation';
import { installDicomWebLoader } from './dicomwebImages';
import { PlaneCrosshairsTool } from './mpr/PlaneCrosshairsTool';
import { trackPointer } from './pointer';
import { installWindowFallback } from './windowFallback';
import { installImageLoadFailureFilter } from './imageLoadFailures';
import { CalibrationLineTool } from './tools/CalibrationLineTool';
import { CanalLineTool } from './tools/CanalLineTool';
import { CanalShownTool } from './tools/CanalShownTool';
import { LinkedOverlayTool } from './tools/LinkedOverlayTool';
import { SignalRatioTool } from './tools/SignalRatioTool';
import { ReferenceVertebraTool } from './tools/ReferenceVertebraTool';
import { ForeignSrTool } from './tools/ForeignSrTool';
import { VertebralMorphometryTool } from './tools/VertebralMorphometryTool';

let ready: Promise<void> | null = null;

/** Initialises Cornerstone3D, its DICOM loader, the navigation tools and the measuring tools, once per page. */
export function initCornerstone(): Promise<void> {
  ready ??= (async () => {
    await coreInit();
    // One decode worker per core (at most 4): the main thread mostly waits for them while a series streams in.
    dicomImageLoaderInit({ maxWebWorkers: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) });
    installDicomWebLoader();
    installWindowFallback();
    installImageLoadFailureFilter();
    toolsInit();
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, PlaneCrosshairsTool, VertebralMorphometryTool, CalibrationLineTool, CanalLineTool]) addTool(tool);
    for (const tool of [SignalRatioTool, LinkedOverlayTool, ReferenceVertebraTool, ForeignSrTool, CanalShownTool]) addTool(tool);
    trackPointer();
    installAutomationHooks();
  })();
  return ready;
}
