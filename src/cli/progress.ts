/**
 * The progress line of long scans ("files done / total" on stderr, terminals only).
 *
 * ESLint has no per-file callback, so the CLI adds a rule of its own, `data-exposure-cli/progress`,
 * that never reports and only signals at `Program:exit`. In the main thread it calls the listener
 * directly; in ESLint's worker threads (`--concurrency`) it posts on a BroadcastChannel the main
 * thread listens to.
 */
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

const CHANNEL_NAME = 'eslint-plugin-data-exposure/cli-progress';
export const PROGRESS_NAMESPACE = 'data-exposure-cli';
export const PROGRESS_RULE_ID = `${PROGRESS_NAMESPACE}/progress`;

let listener: (() => void) | undefined;
let workerChannel: BroadcastChannel | undefined;

function fileDone(): void {
  if (isMainThread) {
    listener?.();
    return;
  }
  if (!workerChannel) {
    workerChannel = new BroadcastChannel(CHANNEL_NAME);
    // Must not keep ESLint's worker alive once it has posted its results.
    workerChannel.unref();
  }
  workerChannel.postMessage(1);
}

/** The plugin holding the counting rule (configured only when a progress line is shown). */
export const progressPlugin = {
  meta: { name: 'data-exposure-cli' },
  rules: {
    progress: {
      meta: { type: 'suggestion' as const, schema: [], docs: { description: 'Counts linted files for the CLI progress line' } },
      create() {
        return { 'Program:exit': fileDone };
      },
    },
  },
};

/** Calls `onFile` for every file linted in this thread or in a worker; returns the stop function. */
export function listenForProgress(onFile: () => void): () => void {
  listener = onFile;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = () => onFile();
  channel.unref();
  return () => {
    listener = undefined;
    channel.close();
  };
}

export interface TextSink {
  write(text: string): unknown;
}

/** Draws `scanning 120/480 files` on one terminal line, at most every 100 ms, after a delay. */
export class ProgressLine {
  private done = 0;
  private lastDraw = 0;
  private shown = false;
  private readonly startedAt: number;

  constructor(
    private readonly out: TextSink,
    private readonly total: number,
    private readonly delayMs = 400,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  tick(): void {
    this.done++;
    const t = this.now();
    if (t - this.startedAt < this.delayMs || t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.draw();
  }

  private draw(): void {
    const total = Math.max(this.total, this.done);
    const percent = total > 0 ? Math.floor((this.done / total) * 100) : 100;
    this.out.write(`\r\x1b[2Kdata-exposure: scanning ${this.done}/${total} files (${percent}%)`);
    this.shown = true;
  }

  /** Erases the line (nothing is left behind in the terminal). */
  finish(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
