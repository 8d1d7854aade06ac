import type { NamedFile } from '../app/gatherFiles';
import type { PackChoice } from '../ui/TeachingStart';

/**
 * What the reader asked for on the light start page, for the viewer to do once its code has loaded: the same as
 * the viewer's own start screen does with the same click. A link (`?StudyInstanceUIDs=`, `?sample=`) needs no
 * request: the viewer reads the page's address itself.
 */
export type StartRequest =
  | { readonly kind: 'link' }
  | { readonly kind: 'files'; readonly files: readonly NamedFile[] }
  | { readonly kind: 'sample'; readonly id: string }
  | { readonly kind: 'pacs' }
  | { readonly kind: 'teaching'; readonly trainee: string; readonly choice: PackChoice };
