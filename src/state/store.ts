/**
 * The app's state (zustand). Components read from it and call its actions; the
 * actions call the engine (src/workers/engine.ts), which does the heavy work in
 * Web Workers. Nothing here logs or sends patient details anywhere.
 */
import { create } from 'zustand';
import type { DicomHeader } from '../ingest/types';
import type { OrderingBackend } from '../ordering/backend';
import type { StageProgress } from '../util/progress';
import { CancelledError } from '../util/progress';
import * as engine from '../workers/engine';
import type { SeriesFile, SeriesSummary, SkippedFile } from '../workers/engine';
import { composeDetailsText, detailsFromHeader, recordFromDetails, type PatientDetails } from './details';
import type { PatientRecord } from '../protocol/v2/record';

export type Tab = 'hide' | 'reveal' | 'evaluate';
export type Tone = 'info' | 'busy' | 'error' | 'success';

export interface RevealOutcome {
  text: string;
  /** The structured details, when the bundle carried them (protocol v2). */
  record: PatientRecord | null;
  bundleVersion: number;
  /** What could and could not be checked, in words for the user. */
  verification: string;
}

export interface AppState {
  series: SeriesSummary[];
  skipped: SkippedFile[];
  selectedUid: string | null;
  tab: Tab;
  status: { tone: Tone; message: string };
  progress: StageProgress | null;
  busy: boolean;
  backendLabel: string | null;
  /** 'auto' or a TF.js backend the user asked for (also settable with ?backend= in the URL). */
  backendPreference: BackendPreference;
  details: PatientDetails;
  textToHide: string;
  /** Shared out of band; empty = protocol v1 (the paper's, unprotected). */
  passphrase: string;
  bundle: { url: string; fileName: string } | null;
  /** The de-identified copy of the selected series, once made. */
  deidCopy: { url: string; fileName: string; warnings: string[] } | null;
  /** The last in-page evaluation (Evaluate tab). */
  evaluation: engine.EvaluationResult | null;
  bundleFile: File | null;
  revealed: RevealOutcome | null;

  loadFiles(files: SeriesFile[], origin: string): Promise<void>;
  loadSample(): Promise<void>;
  selectSeries(uid: string): void;
  setTab(tab: Tab): void;
  setDetails(details: PatientDetails): void;
  setTextToHide(text: string): void;
  setPassphrase(passphrase: string): void;
  hide(): Promise<void>;
  makeDeidentifiedCopy(): Promise<void>;
  runEvaluation(request: engine.EvaluationRequest): Promise<void>;
  setBundleFile(file: File | null): void;
  reveal(): Promise<void>;
  cancel(): void;
  setBackendPreference(preference: BackendPreference): void;
}

export type BackendPreference = 'auto' | OrderingBackend;
const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

function initialBackendPreference(): BackendPreference {
  const asked = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('backend') : null;
  const preference = BACKEND_PREFERENCES.find((b) => b === asked) ?? 'auto';
  engine.setPreferredBackend(preference === 'auto' ? undefined : preference);
  return preference;
}

let controller: AbortController | null = null;

function selected(state: AppState): SeriesSummary | undefined {
  return state.series.find((s) => s.uid === state.selectedUid);
}

function describeFailure(error: unknown): string {
  if (error instanceof CancelledError) return 'Cancelled. Nothing was changed; you can start again.';
  return error instanceof Error ? error.message : String(error);
}

export const useAppStore = create<AppState>((set, get) => {
  /** Runs one long task with a fresh AbortController, progress and error reporting. */
  async function runTask<T>(startMessage: string, task: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    set({ busy: true, progress: null, status: { tone: 'busy', message: startMessage } });
    try {
      return await task(signal);
    } catch (error) {
      set({ status: { tone: error instanceof CancelledError ? 'info' : 'error', message: describeFailure(error) } });
      return undefined;
    } finally {
      if (controller?.signal === signal) controller = null;
      set({ busy: false, progress: null });
    }
  }

  const onProgress = (progress: StageProgress) => set({ progress });
  /** What every engine call gets: cancellation, progress, and which backend runs DenseNet. */
  const taskOptions = (signal: AbortSignal): engine.TaskOptions => ({
    signal,
    onProgress,
    onBackend: (label) => set({ backendLabel: label }),
  });

  function adoptSeries(series: SeriesSummary[], skipped: SkippedFile[], origin: string) {
    const first = series[0];
    const header: DicomHeader | undefined = first?.firstHeader;
    const details = header ? detailsFromHeader(header) : get().details;
    set({
      series,
      skipped,
      selectedUid: first?.uid ?? null,
      details,
      textToHide: header ? composeDetailsText(details) : get().textToHide,
      bundle: null,
      deidCopy: null,
      revealed: null,
    });
    const skippedNote = skipped.length > 0 ? ` ${skipped.length} file(s) skipped (see the list).` : '';
    if (series.length === 0) {
      set({ status: { tone: 'error', message: `No DICOM image series found in ${origin}.${skippedNote}` } });
    } else {
      const total = series.reduce((n, s) => n + s.sliceCount, 0);
      set({
        status: {
          tone: 'success',
          message: `Loaded ${series.length} series (${total} slices) from ${origin}.${skippedNote}`,
        },
      });
    }
  }

  return {
    series: [],
    skipped: [],
    selectedUid: null,
    tab: 'hide',
    status: { tone: 'info', message: 'Drop a DICOM study folder, pick one, or load the sample series.' },
    progress: null,
    busy: false,
    backendLabel: null,
    backendPreference: initialBackendPreference(),
    details: { name: '', id: '', birthDate: '', sex: '', institution: '', note: '' },
    textToHide: '',
    passphrase: '',
    bundle: null,
    deidCopy: null,
    evaluation: null,
    bundleFile: null,
    revealed: null,

    async loadFiles(files, origin) {
      const result = await runTask(`Reading ${files.length} file(s)…`, (signal) =>
        engine.scanFiles(files, { signal, onProgress }),
      );
      if (result) adoptSeries(result.series, result.skipped, origin);
    },

    async loadSample() {
      const result = await runTask('Loading the sample series…', async (signal) => {
        const files = await engine.fetchSampleSeries(signal);
        return engine.scanFiles(files, { signal, onProgress });
      });
      if (result) adoptSeries(result.series, result.skipped, 'the built-in sample');
    },

    selectSeries(uid) {
      const series = get().series.find((s) => s.uid === uid);
      if (!series) return;
      const details = detailsFromHeader(series.firstHeader);
      set({ selectedUid: uid, details, textToHide: composeDetailsText(details), bundle: null, deidCopy: null, revealed: null });
    },

    setTab(tab) {
      set({ tab });
    },

    setDetails(details) {
      set({ details, textToHide: composeDetailsText(details) });
    },

    setTextToHide(text) {
      set({ textToHide: text });
    },

    setPassphrase(passphrase) {
      set({ passphrase });
    },

    async hide() {
      const series = selected(get());
      if (!series) {
        set({ status: { tone: 'error', message: 'Load a series first: there is nothing to hide the text beside.' } });
        return;
      }
      const text = get().textToHide;
      if (text.trim().length === 0) {
        set({ status: { tone: 'error', message: 'Type the text to hide first: it is empty.' } });
        return;
      }
      const previous = get().bundle;
      if (previous) URL.revokeObjectURL(previous.url);
      set({ bundle: null });
      const outcome = await runTask('Hiding…', (signal) =>
        engine.hideInSeries(
          series.files,
          { record: recordFromDetails(get().details, text), passphrase: get().passphrase },
          taskOptions(signal),
        ),
      );
      if (!outcome) return;
      if (!outcome.ok) {
        set({ status: { tone: 'error', message: outcome.message } });
        return;
      }
      const url = URL.createObjectURL(new Blob([outcome.bundleJson], { type: 'application/json' }));
      set({
        bundle: { url, fileName: outcome.fileName },
        status: { tone: 'success', message: outcome.message },
      });
    },

    async makeDeidentifiedCopy() {
      const series = selected(get());
      if (!series) {
        set({ status: { tone: 'error', message: 'Load a series first.' } });
        return;
      }
      const previous = get().deidCopy;
      if (previous) URL.revokeObjectURL(previous.url);
      set({ deidCopy: null });
      const copy = await runTask('De-identifying…', (signal) => engine.deidentifiedCopy(series.files, { signal, onProgress }));
      if (!copy) return;
      set({
        deidCopy: { url: URL.createObjectURL(copy.zip), fileName: 'deidentified-series.zip', warnings: copy.warnings },
        status: {
          tone: 'success',
          message: `De-identified copy ready: ${series.sliceCount} files, identifying attributes removed (DICOM PS3.15 basic profile), pixel data byte for byte the same.`,
        },
      });
    },

    async runEvaluation(request) {
      const series = selected(get());
      if (!series) {
        set({ status: { tone: 'error', message: 'Load a series first: the evaluation attacks its slices.' } });
        return;
      }
      if (request.attackIds.length === 0) {
        set({ status: { tone: 'error', message: 'Choose at least one attack.' } });
        return;
      }
      set({ evaluation: null });
      const result = await runTask('Evaluating…', (signal) =>
        engine.evaluateInBrowser(series.files, request, taskOptions(signal)),
      );
      if (!result) return;
      set({
        evaluation: result,
        status: { tone: 'success', message: `Evaluated ${result.attacks.length} attack(s) on ${result.sender.sliceCount} slices.` },
      });
    },

    setBundleFile(file) {
      set({ bundleFile: file, revealed: null });
    },

    async reveal() {
      const series = selected(get());
      const bundleFile = get().bundleFile;
      if (!series) {
        set({ status: { tone: 'error', message: 'Load the received series first.' } });
        return;
      }
      if (!bundleFile) {
        set({ status: { tone: 'error', message: 'Open the index bundle you received first.' } });
        return;
      }
      set({ revealed: null });
      const outcome = await runTask('Revealing…', async (signal) => {
        let bundleText: string;
        try {
          bundleText = await bundleFile.text();
        } catch {
          throw new Error(`The bundle file ${bundleFile.name} could not be read (was it changed or moved after you chose it?). Choose it again.`);
        }
        return engine.revealFromSeries(series.files, bundleText, get().passphrase, taskOptions(signal));
      });
      if (!outcome) return;
      if (!outcome.ok) {
        set({ status: { tone: 'error', message: outcome.message } });
        return;
      }
      set({
        revealed: {
          text: outcome.text,
          record: outcome.record,
          bundleVersion: outcome.bundleVersion,
          verification: outcome.verification,
        },
        status: { tone: 'success', message: outcome.message },
      });
    },

    cancel() {
      controller?.abort();
    },

    setBackendPreference(preference) {
      engine.setPreferredBackend(preference === 'auto' ? undefined : preference);
      set({ backendPreference: preference, backendLabel: null });
    },
  };
});
