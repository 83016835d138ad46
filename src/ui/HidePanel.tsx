import { useAppStore } from '../state/store';
import type { PatientDetails } from '../state/details';

const FIELDS: { key: keyof PatientDetails; label: string }[] = [
  { key: 'name', label: 'Patient name' },
  { key: 'id', label: 'Patient ID' },
  { key: 'birthDate', label: 'Birth date' },
  { key: 'sex', label: 'Sex' },
  { key: 'institution', label: 'Institution' },
];

/** Sender: the details (pre-filled from the header), the text they make, Hide, Download. */
export function HidePanel() {
  const details = useAppStore((s) => s.details);
  const setDetails = useAppStore((s) => s.setDetails);
  const text = useAppStore((s) => s.textToHide);
  const setText = useAppStore((s) => s.setTextToHide);
  const hide = useAppStore((s) => s.hide);
  const busy = useAppStore((s) => s.busy);
  const bundle = useAppStore((s) => s.bundle);
  const hasSeries = useAppStore((s) => s.selectedUid !== null);
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
        {FIELDS.map((f) => (
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
        <p className="hint">
          Only row numbers go into the bundle; the text is recovered from the images&apos; own features by whoever has
          both.
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
    </form>
  );
}
