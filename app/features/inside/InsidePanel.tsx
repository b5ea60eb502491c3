import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServerSpec } from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { ChartsView } from '../charts/ChartsView';
import { TraceView } from '../trace/TraceView';
import { StackDiagram } from './StackDiagram';
import { subjectsOf } from './subjects';

const TABS = [
  { id: 'stack', label: 'Stack' },
  { id: 'charts', label: 'Charts' },
  { id: 'trace', label: 'Trace' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * "See inside" one server: pick the lab OS, dom0 or a guest, then its stack diagram with the
 * events climbing it, live charts of its counters, or the VMM's trace of recent events.
 */
export function InsidePanel({ spec }: { spec: ServerSpec }) {
  const guests = useLabStore(useShallow((state) => state.lab.guests));
  const subjects = useMemo(() => subjectsOf(spec, guests), [spec, guests]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [tab, setTab] = useState<TabId>('stack');
  const baseId = useId();
  // The first guest by default: dom0 is the less surprising second look.
  const subject =
    subjects.find((s) => s.name === chosen) ??
    subjects.find((s) => s.kind !== 'dom0') ??
    subjects[0];
  const headingId = `${baseId}-heading`;
  if (!subject) return null;

  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const index = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(index + step + TABS.length) % TABS.length].id;
    setTab(next);
    document.getElementById(`${baseId}-tab-${next}`)?.focus();
  };

  return (
    <section className="card inside-panel" aria-labelledby={headingId} data-testid="inside-panel">
      <div className="card-header inside-header">
        <h2 id={headingId}>Inside {spec.name}</h2>
        {subjects.length > 1 && (
          <div className="inside-choice" role="group" aria-label="Look inside">
            {subjects.map((s) => (
              <button
                key={s.name}
                type="button"
                className="button button-small"
                aria-pressed={s.name === subject.name}
                onClick={() => setChosen(s.name)}
              >
                {s.name} <span className="kind-tag">{s.kind}</span>
              </button>
            ))}
          </div>
        )}
      </div>
      <div role="tablist" aria-label={`Views of ${subject.name}`} className="inside-tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`${baseId}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === tab}
            aria-controls={`${baseId}-panel`}
            tabIndex={t.id === tab ? 0 : -1}
            className="inside-tab"
            onClick={() => setTab(t.id)}
            onKeyDown={onTabKey}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        id={`${baseId}-panel`}
        role="tabpanel"
        aria-labelledby={`${baseId}-tab-${tab}`}
        className="inside-tabpanel"
      >
        {tab === 'stack' && (
          <StackDiagram
            key={`${subject.name}-${subject.kind}`}
            serverId={spec.name}
            subject={subject}
            neighbours={subjects.filter((s) => s.name !== subject.name).map((s) => s.name)}
          />
        )}
        {tab === 'charts' && <ChartsView serverId={spec.name} subject={subject} />}
        {tab === 'trace' && <TraceView serverId={spec.name} subject={subject} />}
      </div>
    </section>
  );
}
