import { checkVolume, type Series, type VolumeCheck } from '../dicom';
import type { ImageSource } from './seriesImages';

const checks = new WeakMap<Series<ImageSource>, VolumeCheck>();

/** Whether a series can be reformatted, checked once per series (a series object never changes). */
export function volumeCheckOf(series: Series<ImageSource>): VolumeCheck {
  let check = checks.get(series);
  if (!check) {
    check = checkVolume(series.instances);
    checks.set(series, check);
  }
  return check;
}

/** How a series is named in messages: its description, else its modality and number. */
export function seriesLabel(series: Series<ImageSource>): string {
  return series.description || `${series.modality ?? ''} series ${series.seriesNumber ?? ''}`.trim();
}
