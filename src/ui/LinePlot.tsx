/** A small SVG line plot with axes and ticks: enough for the two Fig. 11 curves, no chart library. */
export function LinePlot({
  title,
  xLabel,
  yLabel,
  points,
}: {
  title: string;
  xLabel: string;
  yLabel: string;
  points: [number, number][];
}) {
  const W = 360;
  const H = 220;
  const m = { left: 48, right: 12, top: 24, bottom: 40 };
  const xs = points.map((p) => p[0]);
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(...xs, xMin + 1e-9);
  const x = (v: number) => m.left + ((v - xMin) / (xMax - xMin)) * (W - m.left - m.right);
  const y = (v: number) => H - m.bottom - v * (H - m.top - m.bottom); // y in [0, 1]
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
  const xTicks = [xMin, (xMin + xMax) / 2, xMax];
  return (
    <figure className="plot">
      <svg role="img" aria-label={title} width={W} height={H} viewBox={`0 0 ${W} ${H}`}>
        <text x={W / 2} y={14} textAnchor="middle" fontSize="11">
          {title}
        </text>
        <line x1={m.left} y1={y(0)} x2={W - m.right} y2={y(0)} stroke="#445" />
        <line x1={m.left} y1={y(0)} x2={m.left} y2={y(1)} stroke="#445" />
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={m.left - 4} y1={y(t)} x2={m.left} y2={y(t)} stroke="#445" />
            <text x={m.left - 6} y={y(t) + 3} textAnchor="end" fontSize="9">
              {t.toFixed(2)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={t} x={x(t)} y={H - m.bottom + 14} textAnchor="middle" fontSize="9">
            {Number.isInteger(t) ? t : t.toFixed(2)}
          </text>
        ))}
        <text x={W / 2} y={H - 6} textAnchor="middle" fontSize="10">
          {xLabel}
        </text>
        <text x={12} y={H / 2} textAnchor="middle" fontSize="10" transform={`rotate(-90 12 ${H / 2})`}>
          {yLabel}
        </text>
        <path d={path} fill="none" stroke="#2a6ebb" strokeWidth={2} />
        {points.map((p, i) => (
          <circle key={i} cx={x(p[0])} cy={y(p[1])} r={3} fill="#2a6ebb" />
        ))}
      </svg>
    </figure>
  );
}
