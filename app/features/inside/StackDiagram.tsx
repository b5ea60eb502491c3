import { useMemo } from 'react';
import { formatCount } from '../stats/format';
import { STACKS, STACK_SUMMARY, type LayerId, type StackLayer } from './stack-model';
import { FlightOverlay } from './FlightOverlay';
import type { FlightGeometry } from './flight-path';
import { HOST_OS_KINDS, type Subject } from './subject';
import { HostNote } from './HostNote';
import { useStackFlights, type Flight } from './use-stack-flights';

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
  const geometry: FlightGeometry = {
    width: WIDTH,
    height,
    laneX: LANE_X,
    laneStep: LANE_STEP,
    middle: (id) => top(id) + LAYER_HEIGHT / 2,
    box: (id) => ({
      x: 1,
      y: top(id),
      width: (layers.find((layer) => layer.id === id)?.shared ? WIDTH : ownWidth) - 2,
      height: LAYER_HEIGHT,
    }),
  };
  const own = layers.filter((layer) => !layer.shared);
  return (
    <figure className="inside-stack" data-testid="stack-diagram" data-kind={subject.kind}>
      <figcaption>{STACK_SUMMARY[subject.kind]}</figcaption>
      <div className="inside-stack-canvas">
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-label={describe(subject, layers)}
          className="inside-stack-svg"
        >
          {layers.map((layer) => (
            <LayerBox
              key={layer.id}
              layer={layer}
              y={top(layer.id)}
              width={layer.shared ? WIDTH : ownWidth}
            />
          ))}
          {neighbours.length > 0 && own.length > 0 && (
            <Neighbours
              names={neighbours}
              x={OWN_WIDTH + GAP}
              y={top(own[own.length - 1].id)}
              bottom={top(own[0].id) + LAYER_HEIGHT}
              ownKernels={!HOST_OS_KINDS.has(subject.kind)}
            />
          )}
        </svg>
        <FlightOverlay flights={flying} geometry={geometry} />
      </div>
      {subject.runs ? (
        <>
          <RecentEvents recent={recent} />
          {HOST_OS_KINDS.has(subject.kind) && <HostNote />}
        </>
      ) : (
        <p className="muted">
          This build keeps this guest in the lab but cannot run it: no live events.
        </p>
      )}
    </figure>
  );
}

function LayerBox({ layer, y, width }: { layer: StackLayer; y: number; width: number }) {
  const mode = layer.believes ? `${layer.privilege} (thinks ${layer.believes})` : layer.privilege;
  const badgeWidth = mode.length * 8.5 + 18;
  return (
    <g
      className={`inside-layer inside-layer-${layer.id}${layer.shared ? ' is-shared' : ''}`}
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
  ownKernels,
}: {
  names: readonly string[];
  x: number;
  y: number;
  bottom: number;
  /** Say that each has its own kernel (true of a hypervisor's domains). */
  ownKernels: boolean;
}) {
  const roomy = bottom - y > LAYER_HEIGHT;
  const lines = nameLines(names, roomy ? Math.max(1, Math.floor((bottom - y - 70) / 18) + 1) : 1);
  return (
    <g className="inside-neighbours">
      <rect x={x} y={y} width={WIDTH - x - 1} height={bottom - y} rx={7} />
      <text x={x + 12} y={y + 22} className="inside-layer-name">
        Also on this server
      </text>
      {lines.map((line, i) => (
        <text key={i} x={x + 12} y={y + 42 + i * 18} className="inside-layer-role">
          {line}
        </text>
      ))}
      {roomy && ownKernels && (
        <text x={x + 12} y={bottom - 10} className="inside-layer-role">
          each with its own kernel
        </text>
      )}
    </g>
  );
}

/** Short names of the layers, for the list of events. */
const PLACE_NAMES: Record<LayerId, string> = {
  hardware: 'hardware',
  firmware: 'firmware',
  vmm: 'VMM',
  'host-kernel': 'host kernel',
  'vmm-process': 'VMM process',
  kernel: 'kernel',
  apps: 'programs',
};

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
            ×{formatCount(event.count)} · {event.route.map((id) => PLACE_NAMES[id]).join(' → ')}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Names joined into lines of about 26 characters, at most `max` lines, the rest counted. */
function nameLines(names: readonly string[], max: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const name of names) {
    const joined = line ? `${line}, ${name}` : name;
    if (line && joined.length > 26) {
      if (lines.length === max - 1) break;
      lines.push(`${line},`);
      line = name;
    } else {
      line = joined;
    }
    used++;
  }
  if (used < names.length) line = `${line}${line ? ' ' : ''}and ${names.length - used} more`;
  if (line) lines.push(line);
  return lines;
}

function describe(subject: Subject, layers: readonly StackLayer[]): string {
  const parts = layers.map(
    (layer) =>
      `${layer.name}${layer.privilege ? ` in ${layer.privilege}-mode` : ''}${layer.mark ? `, ${layer.mark}` : ''}`,
  );
  return `Stack of ${subject.name}, from the hardware up: ${parts.join('; ')}.`;
}
