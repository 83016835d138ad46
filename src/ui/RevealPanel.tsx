import { useAppStore } from '../state/store';
import { DETAIL_FIELDS } from '../state/details';
import { PassphraseField } from './PassphraseField';

/** Receiver: open the bundle, Reveal, and the recovered text with how far it was verified. */
export function RevealPanel() {
  const setBundleFile = useAppStore((s) => s.setBundleFile);
  const reveal = useAppStore((s) => s.reveal);
  const busy = useAppStore((s) => s.busy);
  const revealed = useAppStore((s) => s.revealed);
  const hasSeries = useAppStore((s) => s.selectedUid !== null);
  const bundleFile = useAppStore((s) => s.bundleFile);
  const passphrase = useAppStore((s) => s.passphrase);
  const setPassphrase = useAppStore((s) => s.setPassphrase);
  const record = revealed?.record ?? null;
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
        <PassphraseField value={passphrase} onChange={setPassphrase} />
        <button type="button" onClick={() => void reveal()} disabled={!hasSeries || !bundleFile}>
          Reveal
        </button>
      </fieldset>
      <h2>Recovered details</h2>
      {record && (
        <dl className="recovered-fields">
          {DETAIL_FIELDS.map((f) => (
            <div key={f.recordKey}>
              <dt>{f.label}</dt>
              <dd>
                <output aria-label={f.label}>{record[f.recordKey]}</output>
              </dd>
            </div>
          ))}
        </dl>
      )}
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
