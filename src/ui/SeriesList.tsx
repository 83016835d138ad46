import { useAppStore } from '../state/store';
import { dateForDisplay, personNameForDisplay } from '../state/details';

/** The series found, one row each, and the files that were skipped with why. */
export function SeriesList() {
  const series = useAppStore((s) => s.series);
  const skipped = useAppStore((s) => s.skipped);
  const selectedUid = useAppStore((s) => s.selectedUid);
  const selectSeries = useAppStore((s) => s.selectSeries);
  const busy = useAppStore((s) => s.busy);
  if (series.length === 0 && skipped.length === 0) return null;
  return (
    <div className="series-list">
      {series.length > 0 && (
        <table aria-label="Series found">
          <thead>
            <tr>
              <th />
              <th>Patient</th>
              <th>Study date</th>
              <th>Series</th>
              <th>Modality</th>
              <th>Slices</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.uid} className={s.uid === selectedUid ? 'selected' : undefined}>
                <td>
                  <input
                    type="radio"
                    name="series"
                    aria-label={`Choose series ${s.description || s.uid}`}
                    checked={s.uid === selectedUid}
                    disabled={busy}
                    onChange={() => selectSeries(s.uid)}
                  />
                </td>
                <td>{personNameForDisplay(s.patientName) || '—'}</td>
                <td>{dateForDisplay(s.studyDate) || '—'}</td>
                <td>{s.description || '(no description)'}</td>
                <td>{s.modality || '—'}</td>
                <td>{s.sliceCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {skipped.length > 0 && (
        <details className="skipped">
          <summary>
            {skipped.length} file(s) skipped
          </summary>
          <ul aria-label="Skipped files">
            {skipped.map((f, i) => (
              <li key={i}>
                <code>{f.name}</code>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
