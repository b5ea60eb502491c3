import { KIND_GUIDES } from '../guests/kind-guide';
import { BenchStatus } from './BenchStatus';
import { formatCycles, formatRatio } from './compare-sentences';
import { baselineOf, compareRows, type CompareColumn } from './compare-table';
import { OperationBars } from './OperationBars';

/** The figures of a run: who is measuring, the table, and per operation bars and a sentence. */
export function CompareResults({ columns }: { columns: readonly CompareColumn[] }) {
  const rows = compareRows(columns);
  const baseline = baselineOf(columns);
  return (
    <>
      <BenchStatus columns={columns} />
      <p className="muted" data-testid="compare-baseline">
        {baseline
          ? `Relative to bare metal: ${baseline.target.label}.`
          : 'No bare-metal server in this run: the figures are absolute cycles per operation. Add a bare-metal server to see them relative to bare metal.'}
      </p>
      <div className="compare-table-wrap">
        <table className="compare-table" data-testid="compare-table">
          <caption>Cycles per operation{baseline ? ' (× bare metal)' : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Operation</th>
              {columns.map(({ key, target }) => (
                <th scope="col" key={key}>
                  {target.label}{' '}
                  <span className="kind-tag" title={kindTitle(target.kind)}>
                    {target.kind}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.operation}>
                <th scope="row">
                  <code>{row.operation}</code>
                </th>
                {row.cells.map((cell) => (
                  <td key={cell.key}>
                    {cell.cycles === undefined ? '–' : formatCycles(cell.cycles)}
                    {cell.ratio !== undefined && (
                      <span className="muted"> {formatRatio(cell.ratio)}</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="compare-operations">
        {rows
          .filter((row) => row.sentence)
          .map((row) => (
            <OperationBars key={row.operation} row={row} columns={columns} />
          ))}
      </div>
    </>
  );
}

function kindTitle(kind: CompareColumn['target']['kind']): string {
  return kind === 'bare' ? 'Bare metal: the lab OS alone on the hardware' : KIND_GUIDES[kind].title;
}
