import { useMemo, type CSSProperties } from 'react';
import { formatCount } from '../stats/format';
import { STACKS, STACK_SUMMARY, type LayerId, type StackLayer } from './stack-model';
import type { CounterFamily } from './flat-counters';
import type { Subject } from './subject';
import { FLIGHT_MS, useStackFlights, type Flight } from './use-stack-flights';

const WIDTH = 840;
const LAYER_HEIGHT = 54;
const GAP = 8;
const PAD = 6;
/** The subject's own layers take this much width when neighbours are drawn beside them. */
const OWN_WIDTH = 620;
/** Left: the privilege badge; then the layer's name and role; right of them, the event lanes. */
const BADGE_X = 12;
const TEXT_X = 140;
const LANE_X = 505;
const LANE_STEP = 14;
/** Each family climbs at its own x, so two events at once do not overlap. */
const LANES: readonly CounterFamily[] = [
  'calls',
  'reflected',
  'emulated',
  'exits',
  'mmio',
  'shadow',
  'exceptions',
  'interrupts',
];

/**
 * A subject's software stack, hardware at the bottom: who sits where, in which privilege mode,
 * what is modified and what is shared; and, as they happen, the events its counters show
 * climbing from the layer that caused them to the one that handled them.
 */
export function StackDiagram({
  serverId,
  subject,
  neighbours,
}: {
  serverId: string;
  subject: Subject;
  /** Other guests on the same server (drawn beside the shared layers). */
  neighbours: readonly string[];
}) {
  const layers = STACKS[subject.kind];
  const ids = useMemo(() => new Set(layers.map((layer) => layer.id)), [layers]);
  const { flying, recent } = useStackFlights(serverId, subject, ids);
  const height = PAD * 2 + layers.length * LAYER_HEIGHT + (layers.length - 1) * GAP;
  const top = (id: LayerId) => {
    const index = layers.findIndex((layer) => layer.id === id);
    return PAD + (layers.length - 1 - index) * (LAYER_HEIGHT + GAP);
  };
  const ownWidth = neighbours.length > 0 ? OWN_WIDTH : WIDTH;
  const hit = new Set(flying.map((flight) => flight.event.route.at(-1)));
  const own = layers.filter((layer) => !layer.shared);
  return (
    <figure className="inside-stack" data-testid="stack-diagram" data-kind={subject.kind}>
      <figcaption>{STACK_SUMMARY[subject.kind]}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={describe(subject, layers)}
        className="inside-stack-svg"
      >
        <defs>
          {LANES.map((family) => (
            <marker
              key={family}
              id={`inside-arrow-${family}`}
              viewBox="0 0 8 8"
              refX="4"
              refY="4"
              markerWidth="6"
              markerHeight="6"
              orient="auto-start-reverse"
              className={`inside-flight-${family}`}
            >
              <path d="M0,0 L8,4 L0,8 z" className="inside-arrow-head" />
            </marker>
          ))}
        </defs>
        {layers.map((layer) => (
          <LayerBox
            key={layer.id}
            layer={layer}
            y={top(layer.id)}
            width={layer.shared ? WIDTH : ownWidth}
            hit={hit.has(layer.id)}
          />
        ))}
        {neighbours.length > 0 && own.length > 0 && (
          <Neighbours
            names={neighbours}
            x={OWN_WIDTH + GAP}
            y={top(own[own.length - 1].id)}
            bottom={top(own[0].id) + LAYER_HEIGHT}
            sharesKernel={subject.kind === 'container'}
          />
        )}
        {flying.map((flight) => (
          <FlightPath key={flight.key} flight={flight} top={top} />
        ))}
      </svg>
      {subject.runs ? (
        <RecentEvents recent={recent} />
      ) : (
        <p className="muted">
          This build keeps this guest in the lab but cannot run it: no live events.
        </p>
      )}
    </figure>
  );
}

function LayerBox({
  layer,
  y,
  width,
  hit,
}: {
  layer: StackLayer;
  y: number;
  width: number;
  hit: boolean;
}) {
  const mode = layer.believes ? `${layer.privilege} (thinks ${layer.believes})` : layer.privilege;
  const badgeWidth = mode.length * 8.5 + 18;
  return (
    <g
      className={`inside-layer inside-layer-${layer.id}${layer.shared ? ' is-shared' : ''}${hit ? ' is-hit' : ''}`}
      data-layer={layer.id}
    >
      <rect x={1} y={y} width={width - 2} height={LAYER_HEIGHT} rx={7} />
      <text x={TEXT_X} y={y + 22} className="inside-layer-name">
        {layer.name}
        {layer.mark && <tspan className="inside-layer-mark"> · {layer.mark}</tspan>}
      </text>
      <text x={TEXT_X} y={y + 42} className="inside-layer-role">
        {layer.role}
      </text>
      {mode && (
        <g className="inside-mode">
          <rect x={BADGE_X} y={y + 16} width={badgeWidth} height={22} rx={11} />
          <text x={BADGE_X + badgeWidth / 2} y={y + 32} textAnchor="middle">
            {mode}
          </text>
        </g>
      )}
    </g>
  );
}

function Neighbours({
  names,
  x,
  y,
  bottom,
  sharesKernel,
}: {
  names: readonly string[];
  x: number;
  y: number;
  bottom: number;
  sharesKernel: boolean;
}) {
  const shown = names.slice(0, 4);
  return (
    <g className="inside-neighbours">
      <rect x={x} y={y} width={WIDTH - x - 1} height={bottom - y} rx={7} />
      <text x={x + 12} y={y + 20} className="inside-layer-name">
        Also on this server
      </text>
      {shown.map((name, i) => (
        <text key={name} x={x + 12} y={y + 42 + i * 18} className="inside-layer-role">
          {name}
        </text>
      ))}
      {names.length > shown.length && (
        <text x={x + 12} y={y + 42 + shown.length * 18} className="inside-layer-role">
          and {names.length - shown.length} more
        </text>
      )}
      <text x={x + 12} y={bottom - 10} className="inside-layer-role">
        {sharesKernel ? 'same kernel, other namespaces' : 'each with its own kernel'}
      </text>
    </g>
  );
}

/** One event climbing: a dot travelling the route, an arrow showing it, its name beside. */
function FlightPath({ flight, top }: { flight: Flight; top: (id: LayerId) => number }) {
  const { event } = flight;
  const lane = Math.max(0, LANES.indexOf(event.family));
  const x = LANE_X + lane * LANE_STEP;
  // Down and back up (a trap reflected) returns beside the way it went, not over it.
  const points = event.route.map((id, i) => ({
    x: i > 0 && i === event.route.length - 1 && event.route.length > 2 ? x + 14 : x,
    y: top(id) + LAYER_HEIGHT / 2,
  }));
  const path = points.flatMap((p, i) =>
    i > 0 && points[i - 1].x !== p.x ? [{ x: p.x, y: points[i - 1].y }, p] : [p],
  );
  const four = fourPoints(path);
  const style = {
    '--x0': `${four[0].x}px`,
    '--y0': `${four[0].y}px`,
    '--x1': `${four[1].x}px`,
    '--y1': `${four[1].y}px`,
    '--x2': `${four[2].x}px`,
    '--y2': `${four[2].y}px`,
    '--x3': `${four[3].x}px`,
    '--y3': `${four[3].y}px`,
    animationDuration: `${FLIGHT_MS}ms`,
  } as CSSProperties;
  return (
    <g className={`inside-flight inside-flight-${event.family}`} data-family={event.family}>
      <polyline
        className="inside-route"
        points={path.map((p) => `${p.x},${p.y}`).join(' ')}
        markerEnd={`url(#inside-arrow-${event.family})`}
        style={{ animationDuration: `${FLIGHT_MS}ms` }}
      />
      <g className="inside-token" style={style}>
        <circle r={7} />
      </g>
    </g>
  );
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/** The four points the keyframes pass through, evenly in time, for a path of any length. */
function fourPoints(path: readonly Point[]): [Point, Point, Point, Point] {
  const first = path[0];
  const last = path[path.length - 1];
  if (path.length >= 4) return [first, path[1], path[path.length - 2], last];
  if (path.length === 3) return [first, path[1], path[1], last];
  const at = (t: number) => ({
    x: first.x + (last.x - first.x) * t,
    y: first.y + (last.y - first.y) * t,
  });
  return [first, at(1 / 3), at(2 / 3), last];
}

function RecentEvents({ recent }: { recent: readonly Flight[] }) {
  if (recent.length === 0) {
    return <p className="muted inside-recent-empty">Waiting for its counters to move…</p>;
  }
  return (
    <ol className="inside-recent" aria-label="Latest events" data-testid="stack-events">
      {recent.map(({ key, event }) => (
        <li key={key} data-family={event.family} className={`inside-flight-${event.family}`}>
          <span className="inside-recent-label">{event.label}</span>{' '}
          <span className="muted">
            ×{formatCount(event.count)} · {event.route.join(' → ')}
          </span>
        </li>
      ))}
    </ol>
  );
}

function describe(subject: Subject, layers: readonly StackLayer[]): string {
  const parts = layers.map(
    (layer) =>
      `${layer.name}${layer.privilege ? ` in ${layer.privilege}-mode` : ''}${layer.mark ? `, ${layer.mark}` : ''}`,
  );
  return `Stack of ${subject.name}, from the hardware up: ${parts.join('; ')}.`;
}
