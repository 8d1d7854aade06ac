/**
 * A link that opens studies of a DICOMweb server straight into the viewer, as a PACS, RIS or worklist launches
 * viewers: `?StudyInstanceUIDs=<uid>[,<uid>]&SeriesInstanceUIDs=<uid>[,<uid>]&server=<name or DICOMweb root>`.
 * The parameter names are OHIF's, so an integration written for OHIF launches Kypho unchanged. Pure: no React, no DOM.
 */
import { normalizeRoot } from '../dicom/dicomweb';
import { resolveServer, type SavedServer } from './serverStore';

export interface DeepLink {
  readonly studyInstanceUids: readonly string[];
  /** Only these series are opened (the first listed is shown); empty: every series of the studies. */
  readonly seriesInstanceUids: readonly string[];
  /** A configured server's name or a DICOMweb root, as written in the link; null: the active server. */
  readonly server: string | null;
}

/** A UID as DICOM allows it (PS3.5 9.1): digits and dots, no leading zero in a component, at most 64 characters. */
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** The link in a page's query, null when it asks for no study, or what is wrong with it. */
export function parseDeepLink(search: string): DeepLink | null | { error: string } {
  const params = new URLSearchParams(search);
  const studies = params.get('StudyInstanceUIDs');
  const series = params.get('SeriesInstanceUIDs');
  if (studies === null) return series === null ? null : { error: 'the link names series (SeriesInstanceUIDs) but no study (StudyInstanceUIDs)' };
  const studyInstanceUids = uidList(studies);
  const seriesInstanceUids = series === null ? [] : uidList(series);
  if (studyInstanceUids.length === 0) return { error: 'the link\'s StudyInstanceUIDs is empty' };
  const bad = [...studyInstanceUids, ...seriesInstanceUids].find((uid) => !isUid(uid));
  if (bad !== undefined) return { error: `"${bad}" in the link is not a DICOM UID (digits and dots, at most 64 characters)` };
  const server = params.get('server')?.trim() || null;
  return { studyInstanceUids, seriesInstanceUids, server };
}

/** The series of a linked study that the link opens, in the server's order: those it names, else all. */
export function linkedSeries<T extends { seriesInstanceUid: string }>(all: readonly T[], seriesInstanceUids: readonly string[]): T[] {
  const wanted = new Set(seriesInstanceUids);
  return wanted.size === 0 ? [...all] : all.filter((s) => wanted.has(s.seriesInstanceUid));
}

export function isUid(text: string): boolean {
  return text.length <= 64 && UID.test(text);
}

function uidList(text: string): string[] {
  // OHIF's links separate UIDs by commas; some worklists repeat the parameter or leave spaces.
  return [...new Set(text.split(',').map((uid) => uid.trim()).filter(Boolean))];
}

/**
 * The server a link names: a configured server by its name (any case) or by its DICOMweb root, else a root on
 * this page's own origin (the deployment's proxy), used without credentials. A root on another origin that is
 * not set up is refused: a link must not make the viewer send requests to a server the reader never chose.
 */
export function serverOfLink(
  named: string | null,
  servers: readonly SavedServer[],
  activeId: string,
  pageUrl: string,
): { server: SavedServer } | { error: string } {
  if (named === null) {
    const active = servers.find((s) => s.id === activeId) ?? servers[0];
    return active ? { server: active } : { error: 'no DICOMweb server is set up' };
  }
  const byName = servers.find((s) => s.name.trim().toLowerCase() === named.toLowerCase());
  if (byName) return { server: byName };
  const root = normalizeRoot(named, pageUrl);
  if ('error' in root) return { error: `the link names the server "${named}", which is neither a server set up here nor a DICOMweb root URL` };
  const byRoot = servers.find((s) => {
    const resolved = resolveServer(s, pageUrl);
    return 'server' in resolved && resolved.server.root === root.root;
  });
  if (byRoot) return { server: byRoot };
  if (new URL(root.root).origin !== new URL(pageUrl).origin) {
    return { error: `the link names the DICOMweb server ${root.root}, which is not set up here: add it under "Open from PACS…" → "Servers…" and open the link again` };
  }
  return { server: { id: `link:${root.root}`, name: root.root, url: root.root, auth: { kind: 'none' }, rememberSecret: false } };
}
