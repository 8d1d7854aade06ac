/** DICOM DA (YYYYMMDD, or the old ACR-NEMA YYYY.MM.DD) as YYYY-MM-DD; anything else is shown as it is. */
export function formatDicomDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : value;
}
