import { Enums, eventTarget } from '@cornerstonejs/core';
import { errorDetail } from './decodeProblem';

/**
 * The errors of images that failed to load, as Cornerstone announced them (IMAGE_LOAD_FAILED). Each is shown
 * by the viewport (a placeholder, a line in Problems, or the failure group of its DICOMweb series). Cornerstone
 * also leaves the same rejection unhandled on some paths (a scroll onto the image), which would surface as an
 * uncaught page error carrying the decoder's message: such a rejection, already shown, is marked handled here.
 */
const reported = new WeakSet<object>();
const reportedDetails = new Set<string>();

export function installImageLoadFailureFilter(): void {
  eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, (evt: Event) => {
    const { error } = (evt as CustomEvent<{ error?: unknown }>).detail;
    if (typeof error === 'object' && error !== null) reported.add(error);
    reportedDetails.add(errorDetail(error));
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    const known = (typeof reason === 'object' && reason !== null && reported.has(reason)) || reportedDetails.has(errorDetail(reason));
    if (known) event.preventDefault();
  });
}
