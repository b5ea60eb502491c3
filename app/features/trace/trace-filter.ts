import type { TraceEventView } from '../../../workers/server-client';
import { isFrom } from '../inside/subject';

/** What the trace view shows: whose events, which kinds, and text to look for. */
export interface TraceFilter {
  /** Only this guest's (or dom0's) events and its vCPUs'; null for the whole server. */
  readonly subject: string | null;
  /** Kinds hidden by the student ("run", "sbi"...). */
  readonly hiddenKinds: ReadonlySet<string>;
  /** Case-insensitive text to find in the source, kind or detail. */
  readonly text: string;
}

/** Rows the view draws at most: the newest matches; the rest are counted, not drawn. */
export const TRACE_ROWS = 300;

export interface TraceMatches {
  /** Newest first, at most TRACE_ROWS. */
  readonly rows: readonly TraceEventView[];
  /** All events that match, drawn or not. */
  readonly matched: number;
}

export function filterTrace(events: readonly TraceEventView[], filter: TraceFilter): TraceMatches {
  const needle = filter.text.trim().toLowerCase();
  const rows: TraceEventView[] = [];
  let matched = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (filter.subject !== null && !isFrom(event.source, filter.subject)) continue;
    if (filter.hiddenKinds.has(event.kind)) continue;
    if (
      needle &&
      !event.kind.toLowerCase().includes(needle) &&
      !event.detail.toLowerCase().includes(needle) &&
      !event.source.toLowerCase().includes(needle)
    ) {
      continue;
    }
    matched++;
    if (rows.length < TRACE_ROWS) rows.push(event);
  }
  return { rows, matched };
}

/** The kinds present, with how many of each, most frequent first: the filter's checkboxes. */
export function traceKinds(events: readonly TraceEventView[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
