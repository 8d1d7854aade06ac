import { describe, expect, it } from 'vitest';
import { parseDeepLink, serverOfLink } from '../../../src/app/deepLink';
import { LOCAL_SERVER, type SavedServer } from '../../../src/app/serverStore';

const CT = '2.25.133094986632114306755022148195820415240';
const MR = '1.2.840.113619.2.55.3.604688119';
const PAGE = 'https://kypho.example/viewer/?StudyInstanceUIDs=1.2';

const hospital: SavedServer = {
  id: 'h',
  name: 'Hospital PACS',
  url: 'https://pacs.example/dicom-web/',
  auth: { kind: 'basic', username: 'reader', password: 'x' },
  rememberSecret: false,
};

describe('a deep link (OHIF parameter names)', () => {
  it('names one or more studies, and optionally series and a server', () => {
    expect(parseDeepLink(`?StudyInstanceUIDs=${CT}`)).toEqual({ studyInstanceUids: [CT], seriesInstanceUids: [], server: null });
    expect(parseDeepLink(`?StudyInstanceUIDs=${CT},%20${MR},${CT}&SeriesInstanceUIDs=1.2.3&server=Hospital%20PACS`)).toEqual({
      studyInstanceUids: [CT, MR],
      seriesInstanceUids: ['1.2.3'],
      server: 'Hospital PACS',
    });
  });

  it('is no link without StudyInstanceUIDs (the start screen, ?sample=, ?pack=)', () => {
    expect(parseDeepLink('')).toBeNull();
    expect(parseDeepLink('?sample=ct-thoracolumbar')).toBeNull();
  });

  it('says what is wrong with a link that cannot name a study', () => {
    expect(parseDeepLink('?StudyInstanceUIDs=')).toEqual({ error: "the link's StudyInstanceUIDs is empty" });
    expect(parseDeepLink('?SeriesInstanceUIDs=1.2')).toEqual({ error: expect.stringMatching(/no study/) });
    expect(parseDeepLink('?StudyInstanceUIDs=1.2.03')).toEqual({ error: expect.stringMatching(/"1\.2\.03" in the link is not a DICOM UID/) });
    expect(parseDeepLink(`?StudyInstanceUIDs=1.${'2'.repeat(63)}`)).toEqual({ error: expect.stringMatching(/not a DICOM UID/) });
    expect(parseDeepLink('?StudyInstanceUIDs=<script>')).toEqual({ error: expect.stringMatching(/not a DICOM UID/) });
  });
});

describe('the server a link opens from', () => {
  const servers = [LOCAL_SERVER, hospital];

  it('is the active server when the link names none', () => {
    expect(serverOfLink(null, servers, 'h', PAGE)).toEqual({ server: hospital });
  });

  it('is a configured server named in any case, or whose root the link gives', () => {
    expect(serverOfLink('hospital pacs', servers, LOCAL_SERVER.id, PAGE)).toEqual({ server: hospital });
    expect(serverOfLink('https://pacs.example/dicom-web', servers, LOCAL_SERVER.id, PAGE)).toEqual({ server: hospital });
    expect(serverOfLink('https://kypho.example/dicom-web', servers, 'h', PAGE)).toEqual({ server: LOCAL_SERVER });
  });

  it('is a root on the page\'s own origin without credentials, but never an unknown server elsewhere', () => {
    expect(serverOfLink('/pacs-2/dicom-web', servers, 'h', PAGE)).toEqual({
      server: { id: 'link:https://kypho.example/pacs-2/dicom-web', name: 'https://kypho.example/pacs-2/dicom-web', url: 'https://kypho.example/pacs-2/dicom-web', auth: { kind: 'none' }, rememberSecret: false },
    });
    expect(serverOfLink('https://evil.example/dicom-web', servers, 'h', PAGE)).toEqual({ error: expect.stringMatching(/https:\/\/evil\.example\/dicom-web, which is not set up here/) });
    expect(serverOfLink('ftp://x', servers, 'h', PAGE)).toEqual({ error: expect.stringMatching(/neither a server set up here nor a DICOMweb root URL/) });
  });
});
