/**
 * Where the CLI writes (issue 17.6): every command gets one from createProgram, so tests run the real
 * commander program in-process and read its output without patching process.stdout.
 */
export interface CliIo {
  /** Standard output: the result (text tables, JSON, GeoJSON). */
  out(text: string): void;
  /** Standard error: errors, warnings, progress. */
  err(text: string): void;
  /** `console.log` to `out`: the parts joined by spaces, then a newline. */
  log(...parts: unknown[]): void;
  /** `console.error` to `err`. */
  error(...parts: unknown[]): void;
  /** Whether `err` is a terminal (progress bars are drawn only then). */
  readonly errIsTty: boolean;
  /** The exit code the command ends with (1 for bad input or a failed check). */
  setExitCode(code: number): void;
}

const joined = (parts: unknown[]) => `${parts.map((p) => (typeof p === 'string' ? p : String(p))).join(' ')}\n`;

/** The process's own streams and exit code. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  log: (...parts) => void process.stdout.write(joined(parts)),
  error: (...parts) => void process.stderr.write(joined(parts)),
  get errIsTty() {
    return process.stderr.isTTY === true;
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** An io that keeps what is written (tests, embedding the CLI). */
export function captureIo(): CliIo & { stdout: string; stderr: string; exitCode: number } {
  const io = {
    stdout: '',
    stderr: '',
    exitCode: 0,
    errIsTty: false,
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    log: (...parts: unknown[]) => void (io.stdout += joined(parts)),
    error: (...parts: unknown[]) => void (io.stderr += joined(parts)),
    setExitCode: (code: number) => void (io.exitCode = code),
  };
  return io;
}
