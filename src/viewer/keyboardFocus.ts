/**
 * Cornerstone makes every viewport element focusable (tabindex -1), and the key listener its tools put on it
 * cancels every key pressed there, Tab included: after a click on the image, Tab would no longer move the focus.
 * The element is made unfocusable again, so a click focuses the pane around it (a named, tabbable viewport) and
 * keys reach the page. Kypho binds no tool to a modifier key, which is all that listener is for.
 */
export function leaveKeysToPage(element: HTMLElement): void {
  element.removeAttribute('tabindex');
}
