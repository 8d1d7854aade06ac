/**
 * Shows a reference reading over the reader's own (a teaching case after submit): every measured vertebra of the
 * reference as a locked annotation of the Reference tool, in its own colour, on whichever viewport shows its image
 * or reformat, until the returned function removes them.
 */
import { annotation as csAnnotation } from '@cornerstonejs/tools';
import type { Finding, ImageRef } from '../reading';
import { onViewportContent, renderAll, showFindings } from './morphometryBridge';
import { configureReferenceTool } from './toolGroup';
import { ReferenceVertebraTool } from './tools/ReferenceVertebraTool';

/** Fuchsia: none of the grade colours, and clear on bone and on fat. */
export const REFERENCE_COLOUR = '#f472ff';

const uidOf = (finding: Finding) => `kypho-reference-${finding.id}`;

export function showReference(findings: readonly Finding[], labels: ReadonlyMap<string, string>, describeImage: (imageId: string) => ImageRef | null): () => void {
  const measured = findings.filter((f) => f.measurement !== null);
  const byUid = new Map(measured.map((f) => [uidOf(f), labels.get(f.id) ?? f.level]));
  configureReferenceTool({ describe: (uid) => (byUid.has(uid) ? { label: byUid.get(uid)!, colour: REFERENCE_COLOUR } : null), nextLevel: () => '' });
  const draw = () => {
    showFindings(measured, describeImage, (f) => ({ uid: uidOf(f), toolName: ReferenceVertebraTool.toolName, locked: true }));
    renderAll();
  };
  const stop = onViewportContent(draw);
  draw();
  return () => {
    stop();
    for (const uid of byUid.keys()) csAnnotation.state.removeAnnotation(uid);
    renderAll();
  };
}
