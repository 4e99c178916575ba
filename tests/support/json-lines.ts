import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

/** Call `onEntry` with each JSON log line of a child's stdout (pino writes one object per line); other lines are skipped. */
export function onJsonLines(stream: Readable, onEntry: (entry: Record<string, unknown>) => void): void {
  createInterface({ input: stream }).on('line', (line) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    onEntry(entry);
  });
}
