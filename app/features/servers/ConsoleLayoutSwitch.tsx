import { useLabStore, type ConsoleLayout } from '../../store';

const LAYOUTS: readonly { readonly layout: ConsoleLayout; readonly label: string }[] = [
  { layout: 'grid', label: 'Grid' },
  { layout: 'tabs', label: 'Tabs' },
];

/** Grid or Tabs for one server's consoles. */
export function ConsoleLayoutSwitch({
  serverId,
  layout,
}: {
  serverId: string;
  layout: ConsoleLayout;
}) {
  const setConsoleLayout = useLabStore((state) => state.setConsoleLayout);
  return (
    <div
      className="console-layout-switch"
      role="group"
      aria-label={`Console layout of ${serverId}`}
    >
      {LAYOUTS.map((choice) => (
        <button
          key={choice.layout}
          type="button"
          className="button button-small"
          aria-pressed={choice.layout === layout}
          onClick={() => setConsoleLayout(serverId, choice.layout)}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
