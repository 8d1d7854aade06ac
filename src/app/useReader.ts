/**
 * Who reads: the name (and organisation) every SR names as its observer and a signed SR as its verifying
 * observer. Kept in this browser (localStorage), not in the reading: the same reader reads many studies.
 */
import { useState } from 'react';
import type { Reader } from '../persistence/sr/srWrite';

const KEY = 'kypho.reader';

function stored(): Reader | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Reader> | null;
    if (!value || typeof value.name !== 'string' || !value.name.trim()) return null;
    return { name: value.name.trim(), ...(typeof value.organization === 'string' && value.organization.trim() && { organization: value.organization.trim() }) };
  } catch {
    return null;
  }
}

export function useReader() {
  const [reader, setReaderState] = useState<Reader | null>(stored);
  const setReader = (next: Reader | null) => {
    if (next?.name.trim()) localStorage.setItem(KEY, JSON.stringify(next));
    else localStorage.removeItem(KEY);
    setReaderState(stored());
  };
  return { reader, setReader };
}
