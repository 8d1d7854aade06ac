/**
 * Closing or reloading the tab asks first while anything is not safely stored: a save in flight, a save
 * that failed, two tabs in conflict, an import being read. Each part of the app registers a check; they
 * are asked at the moment of closing (not from React state, which may be a frame behind the click that
 * just changed the reading).
 */
const checks = new Set<() => boolean>();
let busy = 0;

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (busy === 0 && ![...checks].some((unsafe) => unsafe())) return;
  event.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  event.returnValue = '';
}

/** Registers a check that says whether something would be lost now; returns its removal. */
export function guardUnload(unsafe: () => boolean): () => void {
  if (checks.size === 0) window.addEventListener('beforeunload', onBeforeUnload);
  checks.add(unsafe);
  return () => {
    checks.delete(unsafe);
    if (checks.size === 0) window.removeEventListener('beforeunload', onBeforeUnload);
  };
}

/** Closing asks first until `work` (e.g. reading an imported file) has settled. */
export async function whileUnsafe<T>(work: Promise<T>): Promise<T> {
  busy++;
  const remove = guardUnload(() => busy > 0);
  try {
    return await work;
  } finally {
    busy--;
    remove();
  }
}
