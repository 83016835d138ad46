import { useAppStore, type BackendPreference, type Tab } from '../state/store';
import { StudyLoader } from './StudyLoader';
import { SeriesList } from './SeriesList';
import { Viewer } from './Viewer';
import { HidePanel } from './HidePanel';
import { RevealPanel } from './RevealPanel';
import { StatusBar } from './StatusBar';
import { EvaluatePanel } from './EvaluatePanel';

const TABS: { id: Tab; label: string }[] = [
  { id: 'hide', label: 'Hide' },
  { id: 'reveal', label: 'Reveal' },
  { id: 'evaluate', label: 'Evaluate' },
];

export function App() {
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const backendLabel = useAppStore((s) => s.backendLabel);
  const backendPreference = useAppStore((s) => s.backendPreference);
  const setBackendPreference = useAppStore((s) => s.setBackendPreference);
  const busy = useAppStore((s) => s.busy);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Coverless DICOM</h1>
        <p className="tagline">
          Send a series with the patient&apos;s details hidden beside it, not in it: the pixels stay untouched, and
          nothing leaves this computer.
        </p>
        <p className="backend">
          <label>
            DenseNet backend{' '}
            <select
              aria-label="DenseNet backend"
              value={backendPreference}
              disabled={busy}
              onChange={(e) => setBackendPreference(e.currentTarget.value as BackendPreference)}
            >
              <option value="auto">Automatic (fastest measured)</option>
              <option value="webgpu">WebGPU</option>
              <option value="webgl">WebGL</option>
              <option value="wasm">WebAssembly</option>
              <option value="cpu">CPU (plain JavaScript)</option>
            </select>
          </label>{' '}
          <span aria-label="Backend in use">running: {backendLabel ?? 'chosen on first use'}</span>
        </p>
      </header>
      <StatusBar />
      <main className="layout">
        <section className="left" aria-label="Series">
          <StudyLoader />
          <SeriesList />
          <Viewer />
        </section>
        <section className="right">
          <div role="tablist" aria-label="Flows" className="tabs">
            {TABS.map((t) => (
              <button
                key={t.id}
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`panel-${t.id}`}
                className={tab === t.id ? 'tab active' : 'tab'}
                onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="panel">
            {tab === 'hide' && <HidePanel />}
            {tab === 'reveal' && <RevealPanel />}
            {tab === 'evaluate' && <EvaluatePanel />}
          </div>
        </section>
      </main>
    </div>
  );
}
