import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under `folder`, recursively, sorted. Symbolic links are followed, to files and to folders
 * (image folders are often links into an archive); a folder reached twice (a link back up) is read once.
 * A broken link is skipped.
 */
export async function listFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(path);
      else if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => null);
        if (target?.isDirectory()) await walk(path);
        else if (target?.isFile()) files.push(path);
      }
    }
  };
  await walk(folder);
  return files.sort();
}
