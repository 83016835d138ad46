/**
 * Progress of a long stage: counts plus an estimate of the time left, from the
 * mean rate so far (simple and monotone enough for a progress bar).
 */
export interface StageProgress {
  stage: string;
  done: number;
  total: number;
  /** Seconds left, or null while there is not yet a rate to extrapolate from. */
  secondsLeft: number | null;
}

export class ProgressMeter {
  private readonly startedAt: number;
  constructor(
    readonly stage: string,
    readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  at(done: number): StageProgress {
    const elapsed = (this.now() - this.startedAt) / 1000;
    const secondsLeft = done > 0 && done < this.total ? (elapsed / done) * (this.total - done) : done >= this.total ? 0 : null;
    return { stage: this.stage, done, total: this.total, secondsLeft };
  }
}

export function formatSecondsLeft(seconds: number | null): string {
  if (seconds === null) return 'estimating time left';
  if (seconds < 1) return 'less than a second left';
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** Thrown (as a DOMException-like error) when the user cancels a stage. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled by the user.');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
