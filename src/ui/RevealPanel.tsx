import { useAppStore } from '../state/store';

/** Receiver: open the bundle, Reveal, and the recovered text with how far it was verified. */
export function RevealPanel() {
  const setBundleFile = useAppStore((s) => s.setBundleFile);
  const reveal = useAppStore((s) => s.reveal);
  const busy = useAppStore((s) => s.busy);
  const revealed = useAppStore((s) => s.revealed);
  const hasSeries = useAppStore((s) => s.selectedUid !== null);
  const bundleFile = useAppStore((s) => s.bundleFile);
  return (
    <div className="reveal-panel">
      <fieldset disabled={busy}>
        <legend>Reveal the details of the loaded series</legend>
        <label className="field">
          <span>Index bundle</span>
          <input
            type="file"
            aria-label="Index bundle"
            accept=".json,application/json"
            onChange={(e) => setBundleFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <button type="button" onClick={() => void reveal()} disabled={!hasSeries || !bundleFile}>
          Reveal
        </button>
      </fieldset>
      <h2>Recovered details</h2>
      <div role="region" aria-label="Recovered text" className="recovered">
        {revealed ? revealed.text : ''}
      </div>
      {revealed && (
        <p className="verification">
          Bundle version {revealed.bundleVersion}. {revealed.verification}
        </p>
      )}
    </div>
  );
}
