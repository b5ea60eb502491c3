import { useEffect, useRef, useState } from 'react';
import { useLabStore } from '../../store';
import { benchConsole } from './bench-consoles';
import { runBenchEverywhere, type BenchProgress } from './bench-run';
import { benchTargets, type BenchTarget } from './bench-targets';
import { CompareResults } from './CompareResults';
import { columnsOf } from './compare-table';

/**
 * "Run bench everywhere": types `bench` into the console of every running guest and bare-metal
 * server, reads the figures as they print, and compares them per operation. The figures
 * arrive a few per guest, so they are React state; the console bytes never are.
 */
export function CompareView() {
  const [targets, setTargets] = useState<readonly BenchTarget[]>([]);
  const [progress, setProgress] = useState<Readonly<Record<string, BenchProgress>>>({});
  const [running, setRunning] = useState(false);
  const [nothing, setNothing] = useState(false);
  const run = useRef<{ cancel(): void } | null>(null);
  useEffect(() => () => run.current?.cancel(), []);

  const start = () => {
    const found = benchTargets(useLabStore.getState());
    setNothing(found.length === 0);
    setTargets(found);
    setProgress({});
    if (found.length === 0) return;
    setRunning(true);
    const started = runBenchEverywhere(found, benchConsole, (key, update) =>
      setProgress((previous) => ({ ...previous, [key]: update })),
    );
    run.current = started;
    void started.done.then(() => {
      if (run.current === started) {
        run.current = null;
        setRunning(false);
      }
    });
  };
  const stop = () => {
    run.current?.cancel();
  };

  return (
    <section className="card compare" aria-labelledby="compare-title" data-testid="compare">
      <header className="card-header">
        <h2 id="compare-title">Compare the kinds</h2>
        <div className="toolbar">
          <button
            type="button"
            className="button button-primary"
            disabled={running}
            onClick={start}
          >
            Run bench everywhere
          </button>
          {running && (
            <button type="button" className="button" onClick={stop}>
              Stop
            </button>
          )}
        </div>
      </header>
      <p className="hint">
        Types <code>bench</code> into the console of every running guest, bare-metal server and host
        OS, as you would, and reads the cycles per operation it prints. Guests of one server take
        turns, so they do not share its cores while measured; servers run side by side.
      </p>
      {nothing && (
        <p className="notice" role="status">
          Nothing is running that could run bench. Start a bare-metal server or a guest first.
        </p>
      )}
      {targets.length > 0 && <CompareResults columns={columnsOf(targets, progress)} />}
    </section>
  );
}
