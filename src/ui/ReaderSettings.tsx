import { useState } from 'react';
import type { Reader } from '../persistence/sr/srWrite';

interface Props {
  reader: Reader | null;
  onChange: (reader: Reader | null) => void;
}

/** The reader's name and organisation, as the SRs will name them; saved when a field is left. */
export function ReaderSettings({ reader, onChange }: Props) {
  const [name, setName] = useState(reader?.name ?? '');
  const [organization, setOrganization] = useState(reader?.organization ?? '');
  const save = () => onChange(name.trim() ? { name: name.trim(), ...(organization.trim() && { organization: organization.trim() }) } : null);
  return (
    <fieldset className="reader-settings">
      <legend>Reader</legend>
      <label>
        Name
        <input value={name} placeholder="DOE^JANE" onChange={(e) => setName(e.target.value)} onBlur={save} />
      </label>
      <label>
        Organisation
        <input value={organization} onChange={(e) => setOrganization(e.target.value)} onBlur={save} />
      </label>
    </fieldset>
  );
}
