/**
 * A DICOM Person Name (`FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX`, up to three `=`-separated groups:
 * alphabetic, ideographic, phonetic) as a reader expects it: `FAMILY, PREFIX GIVEN MIDDLE, SUFFIX`.
 * The first non-empty group is used, so a name stored only ideographically still shows.
 * Returns '' for an absent or empty name. The result is plain text, never markup.
 */
export function formatPersonName(raw: string | undefined): string {
  if (raw === undefined) return '';
  const group = raw.split('=').find((candidate) => candidate.replace(/[\^\s]/g, '') !== '');
  if (group === undefined) return '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group
    .split('^')
    .map((component) => component.trim());
  const forenames = [prefix, given, middle].filter((part) => part !== '').join(' ');
  return [family, forenames, suffix].filter((part) => part !== '').join(', ');
}
