/** The Snap setting (issue 17): snapping clicked points to the endplates, on unless the reader turned it off. */
import { toggleSetting } from './toggleSetting';

const snap = toggleSetting('kypho.snap');
export const snapEnabled = snap.enabled;
export const setSnapEnabled = snap.set;
export const onSnapChange = snap.onChange;
