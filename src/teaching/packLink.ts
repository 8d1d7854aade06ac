/**
 * Where a pack linked with `?pack=` comes from. A link can name a pack on any site; one from another site
 * than the app's is opened only after the reader has seen that site's name and agreed (its images and
 * reference readings come from there). Pure: the page's address is passed in.
 */
export function foreignPackOrigin(pack: string, pageHref: string): string | null {
  let url: URL;
  try {
    url = new URL(pack, pageHref);
  } catch {
    return null; // Not a URL at all: opening it fails with its own message, from nowhere else.
  }
  return url.origin === new URL(pageHref).origin ? null : url.origin;
}
