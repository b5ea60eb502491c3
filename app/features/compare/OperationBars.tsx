import { formatCycles, formatRatio } from './compare-sentences';
import type { CompareColumn, CompareRow } from './compare-table';

/** One operation: a bar per guest, as long as its cycles per operation, and what it means. */
export function OperationBars({
  row,
  columns,
}: {
  row: CompareRow;
  columns: readonly CompareColumn[];
}) {
  const most = Math.max(...row.cells.map((cell) => cell.cycles ?? 0));
  const titleId = `compare-op-${row.operation}`;
  return (
    <figure
      className="compare-operation"
      aria-labelledby={titleId}
      data-testid={`compare-${row.operation}`}
    >
      <figcaption id={titleId}>
        <code>{row.operation}</code>
      </figcaption>
      <ul className="compare-bars">
        {row.cells.map((cell, index) => {
          const { target } = columns[index];
          if (cell.cycles === undefined) return null;
          return (
            <li key={cell.key}>
              <span className="compare-bar-label">
                {target.label} <span className="muted">({target.kind})</span>
              </span>
              <span className="compare-bar-track">
                <span
                  className={`compare-bar compare-bar-${target.kind}`}
                  style={{ width: `${Math.max(0.5, (100 * cell.cycles) / most)}%` }}
                />
              </span>
              <span className="compare-bar-value">
                {formatCycles(cell.cycles)}
                {cell.ratio !== undefined && ` · ${formatRatio(cell.ratio)}`}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="compare-sentence">{row.sentence}</p>
    </figure>
  );
}
