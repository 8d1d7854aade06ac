import { describe, expect, it } from 'vitest';
import { formatDicomDate } from '../../../src/ui/format';

describe('formatDicomDate', () => {
  it('shows a DICOM DA as an ISO date', () => {
    expect(formatDicomDate('19001231')).toBe('1900-12-31');
  });
  it('shows the old ACR-NEMA dotted form as an ISO date too', () => {
    expect(formatDicomDate('1997.04.24')).toBe('1997-04-24');
  });
  it('shows nothing for a missing date and anything else as it is', () => {
    expect(formatDicomDate(undefined)).toBe('');
    expect(formatDicomDate('unknown')).toBe('unknown');
  });
});
