import { formatCount } from './format';

/** A small two-column table of named counts, biggest first, with a line for "none yet". */
export function CountTable({
  caption,
  hint,
  counts,
}: {
  caption: string;
  /** What the counted events are, shown on hover. */
  hint: string;
  counts: Readonly<Record<string, number>>;
}) {
  const rows = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([, a], [, b]) => b - a);
  return (
    <table className="count-table">
      <caption title={hint}>{caption}</caption>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td className="muted" colSpan={2}>
              none yet
            </td>
          </tr>
        ) : (
          rows.map(([name, count]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{formatCount(count)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
