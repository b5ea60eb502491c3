import { useEffect, useRef, useState } from 'react';
import { fourPoints, routePath, type FlightGeometry, type Point } from './flight-path';
import { FLIGHT_MS, type Flight } from './use-stack-flights';

/**
 * The events in the air, drawn over the static diagram. They are HTML layers moved with
 * `transform` and faded with `opacity` through the Web Animations API, which the browser runs
 * on its compositor: an event climbing costs the main thread nothing per frame, where animating
 * inside the diagram's SVG repainted the whole diagram every frame.
 */

export function FlightOverlay({
  flights,
  geometry,
}: {
  flights: readonly Flight[];
  geometry: FlightGeometry;
}) {
  const overlay = useRef<HTMLDivElement>(null);
  // The overlay's drawn width, from a ResizeObserver: reading clientWidth when a flight starts
  // forced a layout of the whole page (every console included) on each sample.
  const [drawnWidth, setDrawnWidth] = useState<number>();
  useEffect(() => {
    const observer = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width;
      if (width) setDrawnWidth(width);
    });
    observer.observe(overlay.current!);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={overlay} className="inside-flights" aria-hidden="true">
      {drawnWidth !== undefined &&
        flights.map((flight) => (
          <FlightPath
            key={flight.key}
            flight={flight}
            geometry={geometry}
            drawnWidth={drawnWidth}
          />
        ))}
    </div>
  );
}

function FlightPath({
  flight,
  geometry,
  drawnWidth,
}: {
  flight: Flight;
  geometry: FlightGeometry;
  /** The overlay's width in pixels. */
  drawnWidth: number;
}) {
  const { event } = flight;
  const { width, height } = geometry;
  const path = routePath(event.route, event.family, geometry);
  const route = useRef<SVGSVGElement>(null);
  const token = useRef<HTMLSpanElement>(null);
  const landing = useRef<HTMLSpanElement>(null);
  const key = fourPoints(path)
    .map((p) => `${p.x},${p.y}`)
    .join(' ');

  useEffect(() => {
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    // Pixels of the drawn diagram: the animated layer is the small dot, moved by transform, so
    // the browser composites it without repainting the diagram.
    const scale = drawnWidth / width;
    const at = (p: Point) => `translate(${p.x * scale}px, ${p.y * scale}px)`;
    const points = key.split(' ').map((pair) => {
      const [x, y] = pair.split(',').map(Number);
      return { x, y };
    });
    const timing = { duration: FLIGHT_MS, fill: 'forwards' as const };
    const fade = route.current?.animate(
      [{ opacity: 0 }, { opacity: 1, offset: 0.1 }, { opacity: 1, offset: 0.8 }, { opacity: 0 }],
      timing,
    );
    const land = landing.current?.animate(
      [{ opacity: 0 }, { opacity: 0, offset: 0.6 }, { opacity: 1, offset: 0.75 }, { opacity: 0 }],
      timing,
    );
    // Less motion asked for: the event shows where it landed, its route drawn still.
    const stops = still ? [points[3], points[3], points[3], points[3]] : points;
    const move = token.current?.animate(
      stops.map((p, i) => ({ transform: at(p), opacity: i === 0 || i === 3 ? 0.2 : 1 })),
      { ...timing, easing: 'ease-in-out' },
    );
    return () => {
      fade?.cancel();
      land?.cancel();
      move?.cancel();
    };
  }, [key, width, drawnWidth]);

  const xs = path.map((p) => p.x);
  const ys = path.map((p) => p.y);
  const box = {
    x: Math.min(...xs) - 8,
    y: Math.min(...ys) - 10,
    w: Math.max(...xs) - Math.min(...xs) + 16,
    h: Math.max(...ys) - Math.min(...ys) + 20,
  };
  const percent = (part: number, whole: number) => `${(100 * part) / whole}%`;
  const target = geometry.box(event.route[event.route.length - 1]);
  return (
    <>
      <span
        ref={landing}
        className={`inside-landing inside-flight-${event.family}`}
        style={{
          left: percent(target.x, width),
          top: percent(target.y, height),
          width: percent(target.width, width),
          height: percent(target.height, height),
        }}
      />
      <svg
        ref={route}
        viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
        className={`inside-flight-route inside-flight-${event.family}`}
        data-family={event.family}
        style={{
          left: percent(box.x, width),
          top: percent(box.y, height),
          width: percent(box.w, width),
          height: percent(box.h, height),
        }}
      >
        <polyline points={path.map((p) => `${p.x},${p.y}`).join(' ')} />
        <Arrowhead from={path[path.length - 2]} to={path[path.length - 1]} />
      </svg>
      <span ref={token} className={`inside-token-dot inside-flight-${event.family}`} />
    </>
  );
}

/** A small triangle at the end of the route, pointing the way it went (up or down). */
function Arrowhead({ from, to }: { from: Point; to: Point }) {
  const down = to.y > from.y ? 1 : -1;
  const tip = { x: to.x, y: to.y + 6 * down };
  return (
    <polygon
      points={`${tip.x},${tip.y} ${to.x - 5},${tip.y - 9 * down} ${to.x + 5},${tip.y - 9 * down}`}
    />
  );
}
