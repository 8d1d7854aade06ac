import { useEffect, useState } from 'react';

interface Props {
  /** Identifies the picture: a new id loads again, the same id does not. */
  id: string;
  /**
   * Fetches the picture; null shows `placeholder` instead (e.g. a report has no picture). The signal is aborted when
   * the picture leaves the screen (the PACS screen closes to open a study): a preview must not compete with the open.
   */
  load: ((signal: AbortSignal) => Promise<Blob>) | null;
  placeholder: string;
  size?: number;
  label: string;
}

/** A small picture fetched from a server (e.g. a WADO-RS rendered frame), with a word while it comes or when it cannot. */
export function RemoteThumbnail({ id, load, placeholder, size = 72, label }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'shown' | 'failed'>('loading');

  useEffect(() => {
    if (!load) return;
    let objectUrl: string | null = null;
    let current = true;
    const controller = new AbortController();
    setState('loading');
    load(controller.signal).then(
      (blob) => {
        if (!current) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
        setState('shown');
      },
      () => current && setState('failed'),
    );
    return () => {
      current = false;
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // `id` names what `load` fetches; a new function for the same picture must not fetch it again.
  }, [id]);

  return (
    <div className="thumbnail remote" style={{ width: size, height: size }}>
      {load && state === 'shown' && url ? (
        <img src={url} alt={label} width={size} height={size} />
      ) : (
        <span className="thumbnail-failed">{!load ? placeholder : state === 'loading' ? '…' : 'no preview'}</span>
      )}
    </div>
  );
}
