/** The reference tools every SR Kypho writes is checked with: dicom3tools' dciodvfy and DCMTK's dsrdump. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Both tools may exit non-zero for warnings; their lines are what matter. */
export async function toolOutput(command: string, args: string[]): Promise<string> {
  const result = await run(command, args, { maxBuffer: 1 << 24 }).catch((e: { stdout?: string; stderr?: string }) => e);
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

/** dciodvfy's error lines; it must have checked the file as a Comprehensive SR, or nothing was checked. */
export async function dciodvfyErrors(path: string): Promise<string[]> {
  const text = await toolOutput('dciodvfy', [path]);
  if (!text.split('\n').includes('ComprehensiveSR')) return [`dciodvfy did not check it as ComprehensiveSR: ${text.slice(0, 300)}`];
  return text.split('\n').filter((line) => line.startsWith('Error'));
}
