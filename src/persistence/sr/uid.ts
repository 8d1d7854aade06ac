/** A new DICOM UID under the 2.25 root: the decimal form of a random UUID (PS3.5 B.2), so no registered root is needed. */
export function newUid(): string {
  const hex = crypto.randomUUID().replace(/-/g, '');
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}
