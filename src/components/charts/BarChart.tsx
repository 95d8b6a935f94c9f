import { useId } from 'react';

export type BarDatum = { label: string; value: number; display: string };

/**
 * A horizontal bar chart drawn as server-rendered SVG (no client JavaScript), readable at a
 * glance, with the same figures as a table for screen readers and copy-paste.
 */
export function BarChart({ title, data, tableLabel, columns }: { title: string; data: BarDatum[]; tableLabel: string; columns: [string, string] }) {
  const id = useId();
  const max = Math.max(1, ...data.map((d) => d.value));
  const rowHeight = 28;
  const labelWidth = 180;
  const barArea = 360;
  const height = data.length * rowHeight + 8;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${labelWidth + barArea + 90} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{`${title}: ${data.map((d) => `${d.label} ${d.display}`).join(', ')}`}</title>
        {data.map((d, i) => {
          const y = i * rowHeight + 4;
          const width = Math.round((d.value / max) * barArea);
          return (
            <g key={d.label}>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
                {d.label.length > 26 ? `${d.label.slice(0, 25)}…` : d.label}
              </text>
              <rect x={labelWidth} y={y + 4} width={Math.max(width, d.value > 0 ? 2 : 0)} height={rowHeight - 10} rx={3} className="chart-bar" />
              <text x={labelWidth + width + 6} y={y + 17} className="chart-value">
                {d.display}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="chart-table">
        <summary>{tableLabel}</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{columns[0]}</th>
              <th scope="col" className="num">{columns[1]}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <td>{d.label}</td>
                <td className="num">{d.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
