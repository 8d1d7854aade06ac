import { useCallback, useState } from 'react';
import { buildStudies, emptyStudies, mergeStudies, readInstance, type ParsedFile, type StudyCollection } from '../dicom';
import type { NamedFile } from './gatherFiles';
import type { ImageSource } from './seriesImages';

/** The loaded studies. New files are added to what is there; a bad file only adds a problem. */
export function useStudies() {
  const [collection, setCollection] = useState<StudyCollection<ImageSource>>(emptyStudies);
  const [loading, setLoading] = useState(0);

  /** Objects already read (e.g. from a DICOMweb server's metadata) join what is loaded. */
  const addParsed = useCallback((parsed: readonly ParsedFile<ImageSource>[]): StudyCollection<ImageSource> => {
    const added = buildStudies(parsed);
    setCollection((existing) => mergeStudies(existing, added));
    return added;
  }, []);

  const addFiles = useCallback(
    async (files: readonly NamedFile[]): Promise<StudyCollection<ImageSource>> => {
      setLoading((n) => n + files.length);
      const parsed: ParsedFile<ImageSource>[] = [];
      for (const { name, file } of files) {
        parsed.push(await readInstance(name, await file.arrayBuffer(), file));
        setLoading((n) => n - 1);
      }
      return addParsed(parsed);
    },
    [addParsed],
  );

  const addProblem = useCallback((file: string, reason: string) => {
    // A failed image can be retried many times while scrolling; list it once.
    setCollection((c) =>
      c.problems.some((p) => p.file === file && p.reason === reason) ? c : { ...c, problems: [...c.problems, { file, reason }] },
    );
  }, []);

  const clearProblems = useCallback(() => setCollection((c) => ({ ...c, problems: [] })), []);

  /** Closes every study (their readings stay saved). */
  const closeAll = useCallback(() => setCollection(emptyStudies<ImageSource>()), []);

  return { collection, loading, addFiles, addParsed, addProblem, clearProblems, closeAll };
}
