import { useAppStore } from '../state/store';
import { formatSecondsLeft } from '../util/progress';

/** The one place that says what the app is doing or what went wrong. */
export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const progress = useAppStore((s) => s.progress);
  const busy = useAppStore((s) => s.busy);
  const cancel = useAppStore((s) => s.cancel);
  return (
    <div className={`status tone-${status.tone}`}>
      <div role="status" aria-label="Status" aria-live="polite" className="status-text">
        {status.message}
        {progress && (
          <>
            {' '}
            {progress.stage}: {progress.done} / {progress.total}, {formatSecondsLeft(progress.secondsLeft)}.
          </>
        )}
      </div>
      {progress && (
        <progress max={Math.max(1, progress.total)} value={progress.done} aria-label="Progress" />
      )}
      {busy && (
        <button type="button" onClick={cancel} className="cancel">
          Cancel
        </button>
      )}
    </div>
  );
}
