/**
 * Canvas charts cannot use CSS variables, and the theme's colours are `light-dark()` pairs that
 * only a styled element resolves. A probe inside the chart's own element gets them as
 * `rgb(...)` for the theme and presentation mode in force there.
 */
export function resolveColors(host: HTMLElement, variables: readonly string[]): string[] {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  host.appendChild(probe);
  const colors = variables.map((variable) => {
    probe.style.color = `var(${variable})`;
    return getComputedStyle(probe).color;
  });
  probe.remove();
  return colors;
}

/** The lines' colours, in the order of a chart's names (the "other" line is always last). */
export const SERIES_VARIABLES = [
  '--chart-1',
  '--chart-2',
  '--chart-3',
  '--chart-4',
  '--chart-5',
] as const;
