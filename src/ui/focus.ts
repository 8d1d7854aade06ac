import { useEffect, useState, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The element to give the focus back to when a dialog or menu goes away, if it is still on the page. */
function restoreTo(element: Element | null): () => void {
  return () => {
    if (element instanceof HTMLElement && element.isConnected) element.focus();
  };
}

/**
 * A modal `<dialog>`, shown when the component mounts: the browser keeps the focus inside it. React removes a
 * dialog without closing it, which would leave the focus nowhere; so on unmount it is closed and the focus goes back
 * to the control that opened it.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current;
    const restore = restoreTo(document.activeElement);
    dialog?.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      restore();
    };
  }, [ref]);
}

/**
 * A modal built from an ordinary element (the report page, which must print as a page): takes the focus when it
 * mounts, keeps Tab and Shift+Tab inside it and gives the focus back on unmount.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const restore = restoreTo(document.activeElement);
    const focusables = () => [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.getClientRects().length > 0);
    (focusables()[0] ?? container).focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const list = focusables();
      if (list.length === 0) return;
      const [first, last] = [list[0]!, list[list.length - 1]!];
      const outside = !container.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === first || outside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || outside)) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      restore();
    };
  }, [ref]);
}

/**
 * A screen over the app that is not modal (the PACS screen: the toolbar stays usable): when it goes away the focus
 * goes back to the control that opened it. The opener is taken while rendering, before an autofocused field in the
 * screen moves the focus.
 */
export function useFocusReturn(): void {
  const [opener] = useState(() => document.activeElement);
  useEffect(() => {
    const restore = restoreTo(opener);
    // Only when the focus went with the screen (not when the reader had moved it elsewhere).
    return () => {
      if (!document.activeElement || document.activeElement === document.body) restore();
    };
  }, [opener]);
}
