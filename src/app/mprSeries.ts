import { checkVolume, type Series, type VolumeCheck } from '../dicom';

const checks = new WeakMap<Series<File>, VolumeCheck>();

/** Whether a series can be reformatted, checked once per series (a series object never changes). */
export function volumeCheckOf(series: Series<File>): VolumeCheck {
  let check = checks.get(series);
  if (!check) {
    check = checkVolume(series.instances);
    checks.set(series, check);
  }
  return check;
}

/** How a series is named in messages: its description, else its modality and number. */
export function seriesLabel(series: Series<File>): string {
  return series.description || `${series.modality ?? ''} series ${series.seriesNumber ?? ''}`.trim();
}
