import type { CounterFamily } from './flat-counters';
import type { LayerId } from './stack-model';

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

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface FlightGeometry {
  /** The diagram's viewBox size. */
  readonly width: number;
  readonly height: number;
  /** Where the lanes start and how far apart they are, in viewBox units. */
  readonly laneX: number;
  readonly laneStep: number;
  /** The vertical middle of a layer. */
  readonly middle: (id: LayerId) => number;
  /** Where a layer's box is, to light up the one an event lands on. */
  readonly box: (id: LayerId) => { x: number; y: number; width: number; height: number };
}

/** The route's corners: straight up or down the family's lane. */
export function routePath(
  route: readonly LayerId[],
  family: CounterFamily,
  geometry: FlightGeometry,
): Point[] {
  const lane = Math.max(0, LANES.indexOf(family));
  const x = geometry.laneX + lane * geometry.laneStep;
  const ys = route.map((id) => geometry.middle(id));
  // A route that turns back (down to the VMM, up to the kernel) returns beside itself.
  const turns = (i: number) =>
    i >= 2 && Math.sign(ys[i] - ys[i - 1]) !== Math.sign(ys[i - 1] - ys[i - 2]);
  const points = route.map((_, i) => ({ x: turns(i) ? x + 14 : x, y: ys[i] }));
  return points.flatMap((p, i) =>
    i > 0 && points[i - 1].x !== p.x ? [{ x: p.x, y: points[i - 1].y }, p] : [p],
  );
}

/** The four points the animation passes through, evenly in time, for a path of any length. */
export function fourPoints(path: readonly Point[]): [Point, Point, Point, Point] {
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
