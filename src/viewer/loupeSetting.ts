/** The Loupe setting (issue 17): the magnified inset while a point is placed, on unless the reader turned it off. */
import { toggleSetting } from './toggleSetting';

const loupe = toggleSetting('kypho.loupe');
export const loupeEnabled = loupe.enabled;
export const setLoupeEnabled = loupe.set;
export const onLoupeChange = loupe.onChange;
