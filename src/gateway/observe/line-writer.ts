/**
 * A buffered, bounded, non-blocking writer of log lines (the access log): `write` only appends to a buffer;
 * the buffer goes out as one chunk on the next timer tick (stdout/stderr, or a file opened for appending).
 * When the destination is slower than the lines come (backpressure), lines accumulate up to `maxBufferedBytes`
 * and any beyond are dropped and counted — a log never slows or fails a request.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

export type LineDestination = 'stdout' | 'stderr' | (string & {});

export interface LineWriter {
  /** Appends one line (without its newline). Never throws, never blocks. */
  write(line: string): void;
  /** Lines dropped because the destination could not keep up (or failed). */
  readonly dropped: number;
  /** Writes what is buffered and closes a file destination. */
  close(): Promise<void>;
}

export interface LineWriterOptions {
  /** Flush interval in ms (default 50): lines of one burst go out as one write. */
  flushMs?: number;
  /** Lines buffered beyond this many bytes are dropped (default 8 MiB). */
  maxBufferedBytes?: number;
  /** Where a failing destination is reported once (default: nowhere). */
  onError?: (err: Error) => void;
}

/** A writer to stdout, stderr, a file path (appended to), or any Writable (tests). */
export function createLineWriter(
  destination: LineDestination | Writable,
  options: LineWriterOptions = {},
): LineWriter {
  const flushMs = options.flushMs ?? 50;
  const maxBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const ownsStream = typeof destination === 'string' && destination !== 'stdout' && destination !== 'stderr';
  const out: Writable =
    destination === 'stdout'
      ? process.stdout
      : destination === 'stderr'
        ? process.stderr
        : typeof destination === 'string'
          ? createWriteStream(destination, { flags: 'a' })
          : destination;
  let pending: string[] = [];
  let pendingBytes = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let blocked = false;
  let failed = false;
  const onError = (err: Error) => {
    if (failed) return;
    failed = true;
    options.onError?.(err);
  };
  out.on('error', onError);

  function flush(): void {
    timer = undefined;
    if (blocked || pending.length === 0) return;
    if (failed) {
      dropped += pending.length;
      pending = [];
      pendingBytes = 0;
      return;
    }
    const chunk = pending.join('');
    pending = [];
    pendingBytes = 0;
    if (!out.write(chunk)) {
      blocked = true;
      out.once('drain', () => {
        blocked = false;
        schedule();
      });
    }
  }

  function schedule(): void {
    if (timer === undefined && pending.length > 0) {
      timer = setTimeout(flush, flushMs);
      timer.unref();
    }
  }

  return {
    write(line) {
      if (pendingBytes + line.length > maxBytes) {
        dropped += 1;
        return;
      }
      pending.push(`${line}\n`);
      pendingBytes += line.length + 1;
      schedule();
    },
    get dropped() {
      return dropped;
    },
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (blocked) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      blocked = false;
      flush();
      if (ownsStream) await new Promise<void>((resolve) => out.end(() => resolve()));
    },
  };
}
