import type { CatalogStudy } from '../ui/StartScreen';
import type { NamedFile } from './gatherFiles';

const BASE = `${import.meta.env.BASE_URL}sample-data/`;

export function sampleUrl(path: string): string {
  return new URL(BASE + path, window.location.href).href;
}

export async function fetchCatalog(): Promise<CatalogStudy[]> {
  const response = await fetch(BASE + 'catalog.json');
  if (!response.ok) throw new Error(`The sample catalog is missing (HTTP ${response.status}); run "npm run samples" to generate it.`);
  const catalog = (await response.json()) as { studies: CatalogStudy[] };
  return catalog.studies;
}

/** Downloads a sample study's files, so that samples enter through the same door as local files. */
export async function fetchSampleFiles(study: CatalogStudy): Promise<NamedFile[]> {
  return Promise.all(
    study.files.map(async (path) => {
      const response = await fetch(BASE + path);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      const name = path.split('/').pop()!;
      return { name: path, file: new File([await response.blob()], name, { type: 'application/dicom' }) };
    }),
  );
}
