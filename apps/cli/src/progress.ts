import { SingleBar, Presets } from 'cli-progress';
import { log } from './output';

/** A progress bar on a terminal; plain log lines otherwise (CI, pipes, --json). */
export interface Progress {
  start(total: number, label: string): void;
  tick(label: string): void;
  update(value: number, label: string): void;
  stop(): void;
}

export function createProgress(enabled: boolean): Progress {
  const tty = enabled && Boolean(process.stderr.isTTY);
  if (!tty) {
    return { start: (_t, label) => log(label), tick: (label) => log(label), update: (value, label) => log(`${label}: ${value}`), stop: () => undefined };
  }
  const bar = new SingleBar({ format: ' {bar} {value}/{total} {label}', stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  let active = false;
  return {
    start(total, label) {
      bar.start(total, 0, { label });
      active = true;
    },
    tick(label) {
      if (active) bar.increment(1, { label });
    },
    update(value, label) {
      if (active) bar.update(value, { label });
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
