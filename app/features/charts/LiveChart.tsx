import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLabStore } from '../../store';
import { countersOf } from '../inside/flat-counters';
import { historyOf, onHistory } from '../inside/live-history';
import type { ServerHistory } from '../inside/server-history';
import type { Subject } from '../inside/subject';
import type { ChartSpec } from './chart-specs';
import { buildSeries, sameLines, type ChartSeries } from './series';
import { resolveColors, SERIES_VARIABLES } from './theme-colors';
import { useSystemColorScheme } from './use-color-scheme';

const HEIGHT = 150;
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * One live chart of a subject's counters. The uPlot instance lives in a ref and takes each
 * sample's data directly (`setData`); React renders the chart's frame once, and again only when
 * the chart turns empty or not, so a sample never re-renders a component.
 */
export function LiveChart({
  serverId,
  subject,
  spec,
}: {
  serverId: string;
  subject: Subject;
  spec: ChartSpec;
}) {
  const target = useRef<HTMLDivElement>(null);
  const [empty, setEmpty] = useState(true);
  // Colours depend on the theme, the system's scheme and presentation mode: the chart is rebuilt
  // when one changes.
  const theme = useLabStore((state) => state.theme);
  const presentation = useLabStore((state) => state.presentation);
  const system = useSystemColorScheme();
  const { name, kind, runs } = subject;

  useEffect(() => {
    const host = target.current;
    if (!host) return;
    const who: Subject = { name, kind, runs };
    let plot: uPlot | undefined;
    let lines: readonly string[] = [];
    const draw = (history: ServerHistory) => {
      const points = history.snapshots.map((snapshot) => ({
        wallMs: snapshot.wallMs,
        counters: countersOf(snapshot.entry, who),
      }));
      const series = buildSeries(points, spec.family);
      if (!plot || !sameLines(lines, series.names)) {
        plot?.destroy();
        plot = new uPlot(
          options(host, series, presentation),
          series.data as uPlot.AlignedData,
          host,
        );
        lines = series.names;
      } else {
        plot.setData(series.data as uPlot.AlignedData);
      }
      setEmpty(series.names.length === 0);
    };
    draw(historyOf(serverId));
    const stop = onHistory(serverId, draw);
    const resize = new ResizeObserver(() =>
      plot?.setSize({ width: host.clientWidth, height: HEIGHT }),
    );
    resize.observe(host);
    return () => {
      stop();
      resize.disconnect();
      plot?.destroy();
    };
  }, [serverId, name, kind, runs, spec.family, theme, presentation, system]);

  return (
    <figure className="live-chart" data-testid="live-chart" data-family={spec.family}>
      <figcaption title={spec.hint}>{spec.title}</figcaption>
      <div className="live-chart-plot" ref={target} data-empty={empty || undefined} />
      {empty && <p className="live-chart-empty muted">Nothing counted in the last 30 s.</p>}
    </figure>
  );
}

function options(host: HTMLElement, series: ChartSeries, large: boolean): uPlot.Options {
  const [text, grid, ...palette] = resolveColors(host, [
    '--muted',
    '--border',
    ...SERIES_VARIABLES,
  ]);
  const axis: uPlot.Axis = {
    stroke: text,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    // Presentation mode's larger type reaches the canvas too.
    font: `${large ? 15 : 11}px system-ui, sans-serif`,
  };
  return {
    width: Math.max(200, host.clientWidth),
    height: HEIGHT,
    scales: { x: { time: false } },
    cursor: { drag: { x: false, y: false } },
    legend: { live: false },
    series: [
      { label: 's' },
      ...series.names.map((name, i) => ({
        label: name,
        stroke: palette[i % palette.length],
        width: large ? 3 : 2,
        points: { show: false },
      })),
    ],
    axes: [
      { ...axis, values: (_plot, ticks) => ticks.map((t) => (t === 0 ? 'now' : `${t}s`)) },
      { ...axis, size: 56, values: (_plot, ticks) => ticks.map((t) => compact.format(t)) },
    ],
  };
}
