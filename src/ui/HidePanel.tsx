import { useAppStore } from '../state/store';
import { DETAIL_FIELDS } from '../state/details';
import { PassphraseField } from './PassphraseField';

/** Sender: the details (pre-filled from the header), the text they make, Hide, Download. */
export function HidePanel() {
  const details = useAppStore((s) => s.details);
  const setDetails = useAppStore((s) => s.setDetails);
  const text = useAppStore((s) => s.textToHide);
  const setText = useAppStore((s) => s.setTextToHide);
  const hide = useAppStore((s) => s.hide);
  const passphrase = useAppStore((s) => s.passphrase);
  const setPassphrase = useAppStore((s) => s.setPassphrase);
  const busy = useAppStore((s) => s.busy);
  const bundle = useAppStore((s) => s.bundle);
  const hasSeries = useAppStore((s) => s.selectedUid !== null);
  const deidCopy = useAppStore((s) => s.deidCopy);
  const makeDeidentifiedCopy = useAppStore((s) => s.makeDeidentifiedCopy);
  return (
    <form
      className="hide-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void hide();
      }}
    >
      <fieldset disabled={busy}>
        <legend>Details to hide (pre-filled from the DICOM header)</legend>
        {DETAIL_FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span>{f.label}</span>
            <input
              type="text"
              aria-label={f.label}
              value={details[f.key]}
              onChange={(e) => setDetails({ ...details, [f.key]: e.currentTarget.value })}
            />
          </label>
        ))}
        <label className="field wide">
          <span>Text to hide</span>
          <textarea aria-label="Text to hide" rows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} />
        </label>
        <PassphraseField value={passphrase} onChange={setPassphrase} />
        <p className="hint">
          {passphrase
            ? 'Protocol v2: the details travel as one record; the bundle is encrypted and can only be read with this passphrase and these images. Send the passphrase by another channel.'
            : 'No passphrase: protocol v1, the paper\'s scheme. Only row numbers go into the bundle, but anyone with the images, the bundle and the method can read the text.'}
        </p>
        <button type="submit" disabled={!hasSeries}>
          Hide
        </button>
      </fieldset>
      {bundle && (
        <p className="download">
          <a href={bundle.url} download={bundle.fileName}>
            Download bundle
          </a>{' '}
          <span className="hint">({bundle.fileName}: send it beside the series, never inside it)</span>
        </p>
      )}
      <fieldset disabled={busy} className="deid">
        <legend>De-identified copy of the series</legend>
        <p className="hint">
          Hiding the details protects nothing while every file still carries them in its header: send this copy instead.
          Identifying attributes are removed or replaced (DICOM PS3.15 basic profile); the pixel data stays byte for byte
          the same, so the receiver reveals from it as from the original. Text burned into the pixels is not touched.
        </p>
        <button type="button" onClick={() => void makeDeidentifiedCopy()} disabled={!hasSeries}>
          Make de-identified copy
        </button>
        {deidCopy && (
          <p className="download">
            <a href={deidCopy.url} download={deidCopy.fileName}>
              Download de-identified copy
            </a>{' '}
            {deidCopy.warnings.length > 0 && <span className="hint">Note: {deidCopy.warnings.join(' ')}</span>}
          </p>
        )}
      </fieldset>
    </form>
  );
}
