/**
 * Tabs tell each other when they save a study's reading (BroadcastChannel), so that a tab showing the same
 * study learns at once that what it shows is no longer what is saved. The revision check of autosave.ts
 * is what makes overwriting impossible; this only makes the news immediate.
 */
const CHANNEL = 'kypho-readings';

/** This tab, for the records it saves and the messages it sends. */
export const TAB_ID = crypto.randomUUID();

export interface SavedMessage {
  type: 'saved';
  studyInstanceUid: string;
  revision: number;
  tab: string;
}

let channel: BroadcastChannel | null = null;
function open(): BroadcastChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  channel ??= new BroadcastChannel(CHANNEL);
  return channel;
}

export function announceSaved(studyInstanceUid: string, revision: number): void {
  open()?.postMessage({ type: 'saved', studyInstanceUid, revision, tab: TAB_ID } satisfies SavedMessage);
}

/** Calls `listener` when another tab saved a reading; returns the unsubscribe. */
export function onSavedElsewhere(listener: (message: SavedMessage) => void): () => void {
  const bc = open();
  if (!bc) return () => {};
  const handler = (event: MessageEvent) => {
    const message = event.data as SavedMessage;
    if (message?.type === 'saved' && message.tab !== TAB_ID) listener(message);
  };
  bc.addEventListener('message', handler);
  return () => bc.removeEventListener('message', handler);
}
