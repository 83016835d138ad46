/**
 * Evaluate: the paper's section 5 on the loaded series. Choose attacks and the
 * order mode, run (in the workers, with progress and cancel), and read the
 * Table 1 layout with the paper's figures beside ours, plus the two Fig. 11 plots.
 */
import { useState } from 'react';
import { ATTACKS } from '../evaluation/attacks/registry';
import type { OrderMode, ReceiverFigures } from '../evaluation/runner';
import { useAppStore } from '../state/store';
import { LinePlot } from './LinePlot';

const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(4));

export function EvaluatePanel() {
  const [chosen, setChosen] = useState<string[]>(['gauss-0.01', 'jpeg-50']);
  const [order, setOrder] = useState<'recomputed' | 'given' | 'both'>('recomputed');
  const [text, setText] = useState('Za91');
  const run = useAppStore((s) => s.runEvaluation);
  const busy = useAppStore((s) => s.busy);
  const result = useAppStore((s) => s.evaluation);
  const hasSeries = useAppStore((s) => s.selectedUid !== null);
  const orders: OrderMode[] = order === 'both' ? ['given', 'recomputed'] : [order];
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));

  return (
    <div className="evaluate-panel">
      <fieldset disabled={busy}>
        <legend>Attacks (the paper&apos;s Table 1)</legend>
        <div className="attack-grid">
          {ATTACKS.map((a) => (
            <label key={a.id}>
              <input type="checkbox" checked={chosen.includes(a.id)} onChange={() => toggle(a.id)} /> {a.label}
            </label>
          ))}
        </div>
        <label className="field">
          <span>Slice order</span>
          <select aria-label="Slice order" value={order} onChange={(e) => setOrder(e.currentTarget.value as typeof order)}>
            <option value="recomputed">recomputed by the receiver (full pipeline)</option>
            <option value="given">given (the sender&apos;s, isolates hash failures)</option>
            <option value="both">both</option>
          </select>
        </label>
        <label className="field">
          <span>Test text</span>
          <input aria-label="Test text" value={text} onChange={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="button" disabled={!hasSeries} onClick={() => void run({ attackIds: chosen, orders, text })}>
          Run evaluation
        </button>
      </fieldset>
      {result && (
        <>
          <p>
            {result.sender.sliceCount} slices, {result.sender.hashes.length} rows, {result.sender.distinctHashes} distinct
            hashes, hiding success rate {fmt(result.sender.successRate)} (Eq. 19).
          </p>
          <table className="results" aria-label="Evaluation results">
            <thead>
              <tr>
                <th>attack</th>
                <th>order</th>
                <th>paper bit</th>
                <th>paper block</th>
                <th>bit</th>
                <th>block</th>
                <th>used rows v1</th>
                <th>chars v1</th>
                <th>chars v2</th>
                <th>order τ</th>
              </tr>
            </thead>
            <tbody>
              {result.attacks.flatMap((a) =>
                (['given', 'recomputed'] as const)
                  .map((mode) => [mode, a[mode]] as [OrderMode, ReceiverFigures | undefined])
                  .filter((entry): entry is [OrderMode, ReceiverFigures] => entry[1] !== undefined)
                  .map(([mode, r]) => (
                    <tr key={`${a.id}-${mode}`}>
                      <td>{a.label}</td>
                      <td>{mode}</td>
                      <td>{fmt(a.paper.bit)}</td>
                      <td>{fmt(a.paper.block)}</td>
                      <td>{fmt(r.bitAccuracy)}</td>
                      <td>{fmt(r.blockAccuracy)}</td>
                      <td>{fmt(r.v1?.usedRowsBlockAccuracy)}</td>
                      <td>{fmt(r.v1?.characterAccuracy)}</td>
                      <td>{fmt(r.v2?.characterAccuracy)}</td>
                      <td>{fmt(r.kendallTau)}</td>
                    </tr>
                  )),
              )}
            </tbody>
          </table>
          <div className="plots">
            <LinePlot
              title="Hiding success rate against slices used (Fig. 11, first)"
              xLabel="slices"
              yLabel="R_suc"
              points={result.fig11.successRate.map((p) => [p.slices, p.rate])}
            />
            <LinePlot
              title="Block accuracy against the fraction of lost slices (Fig. 11, second)"
              xLabel="fraction of slices lost"
              yLabel="block accuracy"
              points={result.fig11.sliceLoss.map((p) => [p.lostFraction, p.blockAccuracy])}
            />
          </div>
        </>
      )}
    </div>
  );
}
