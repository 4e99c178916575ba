import { vi } from 'vitest';
import { createProgram } from '../../src/create-program.js';

/** Run `corridor …` in-process (the real commander program) and capture stdout, stderr and the exit code. */
export async function runCliInProcess(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void (stdout += `${a.join(' ')}\n`));
  process.exitCode = 0;
  try {
    await createProgram().exitOverride().parseAsync(['node', 'corridor', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, exitCode };
}
