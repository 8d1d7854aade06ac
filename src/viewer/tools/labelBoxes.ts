// Where the vertebrae's labels were drawn on each viewport at its last render, so that the edema markers' labels
// (LinkedOverlayTool, drawn after them) keep clear of them: in a narrow viewport a vertebra's label moved over its
// vertebra sat under the marker's "T11 edema".

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const drawn = new WeakMap<Element, Map<string, readonly Box[]>>();

/** The labels a tool (by name: the vertebrae's, the reference vertebrae's) drew on the viewport element. */
export function setLabelBoxes(element: Element, tool: string, boxes: readonly Box[]): void {
  let byTool = drawn.get(element);
  if (!byTool) drawn.set(element, (byTool = new Map()));
  byTool.set(tool, boxes);
}

export function labelBoxesOf(element: Element): readonly Box[] {
  return [...(drawn.get(element)?.values() ?? [])].flat();
}

/**
 * The first of the candidate top-left corners at which a box of this size is inside the element and overlaps none of
 * the boxes taken (PURE); the first candidate inside the element when every one overlaps, else the first.
 */
export function firstClear(candidates: readonly [number, number][], size: { width: number; height: number }, taken: readonly Box[], element: { clientWidth: number; clientHeight: number }): [number, number] {
  const inside = ([x, y]: [number, number]) => x >= 0 && y >= 0 && x + size.width <= element.clientWidth && y + size.height <= element.clientHeight;
  const overlaps = ([x, y]: [number, number]) => taken.some((b) => x < b.x + b.width && b.x < x + size.width && y < b.y + b.height && b.y < y + size.height);
  return candidates.find((c) => inside(c) && !overlaps(c)) ?? candidates.find(inside) ?? candidates[0]!;
}
