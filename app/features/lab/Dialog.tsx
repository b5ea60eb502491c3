import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useLabStore } from '../../store';

/**
 * A modal dialog on the native <dialog> element: it traps focus, closes on Escape and gives
 * focus back where it was. Closing it, by any means, clears the store's dialog.
 */
export function Dialog({
  title,
  wide = false,
  children,
}: {
  title: string;
  wide?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeDialog = useLabStore((state) => state.closeDialog);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={headingId}
      onClose={closeDialog}
    >
      <header className="dialog-header">
        <h2 id={headingId}>{title}</h2>
        <button
          type="button"
          className="button button-quiet"
          aria-label="Close"
          onClick={closeDialog}
        >
          ✕
        </button>
      </header>
      {children}
    </dialog>
  );
}
