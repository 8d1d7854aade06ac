/**
 * The reference tools every SR Kypho writes is checked with: dicom3tools' dciodvfy, DCMTK's dsrdump and
 * PixelMed's DicomSRValidator (which also checks the TID 1500 template).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Both tools may exit non-zero for warnings; their lines are what matter. */
export async function toolOutput(command: string, args: string[]): Promise<string> {
  const result = await run(command, args, { maxBuffer: 1 << 24 }).catch((e: { stdout?: string; stderr?: string }) => e);
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

/** dciodvfy's error lines; it must have checked the file as a (3D) Comprehensive SR, or nothing was checked. */
export async function dciodvfyErrors(path: string, iod = 'ComprehensiveSR'): Promise<string[]> {
  const text = await toolOutput('dciodvfy', [path]);
  if (!text.split('\n').includes(iod)) return [`dciodvfy did not check it as ${iod}: ${text.slice(0, 300)}`];
  return text.split('\n').filter((line) => line.startsWith('Error'));
}

/**
 * PixelMed's error lines; it must have found the IOD and validated the TID 1500 root template. Its warnings
 * ("Content Item not in template") are Kypho's extensions of the extensible template.
 */
export async function pixelmedErrors(path: string): Promise<string[]> {
  const text = await toolOutput('java', [
    // JDK 17 limits XPath expressions below what PixelMed's template rules need.
    '-Djdk.xml.xpathExprGrpLimit=0',
    '-Djdk.xml.xpathExprOpLimit=0',
    '-Djdk.xml.xpathTotalOpLimit=0',
    '-cp',
    '/usr/share/java/pixelmed.jar',
    'com.pixelmed.validate.DicomSRValidator',
    path,
  ]);
  const lines = text.split('\n');
  if (!lines.some((l) => l.startsWith('Found Root Template TID_1500')) || !lines.includes('Root Template Validation Complete')) {
    return [`DicomSRValidator did not validate TID 1500: ${text.slice(0, 300)}`];
  }
  return lines.filter((line) => line.startsWith('Error'));
}
