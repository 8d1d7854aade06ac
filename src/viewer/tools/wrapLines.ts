/**
 * Lines of a label broken at spaces so that none is longer than `maxChars` (a word longer than that stays whole on a
 * line of its own). PURE. A placement note longer than a narrow viewport is wide is shown whole on several lines,
 * not cut off at the viewport's edge.
 */
export function wrapLines(lines: readonly string[], maxChars: number): string[] {
  const limit = Math.max(1, Math.floor(maxChars));
  return lines.flatMap((line) => {
    if (line.length <= limit) return [line];
    const wrapped: string[] = [];
    let current = '';
    for (const word of line.split(' ')) {
      const candidate = current ? `${current} ${word}` : word;
      if (candidate.length <= limit || !current) current = candidate;
      else {
        wrapped.push(current);
        current = word;
      }
    }
    wrapped.push(current);
    return wrapped;
  });
}
