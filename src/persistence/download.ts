/** Hands a file to the browser to save (the download bar or the save dialog). */
export function downloadFile(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the object URL can go after the current task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
