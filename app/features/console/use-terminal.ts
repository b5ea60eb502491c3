import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useState, type RefObject } from 'react';

/**
 * Consoles stay dark in both page themes: it is what a serial console looks like in every
 * textbook and data centre, and the guest's own colours are chosen for a dark background.
 */
const THEME: ITheme = {
  background: '#101418',
  foreground: '#d8dee4',
  cursor: '#7ee787',
  selectionBackground: '#3a5a80',
};

/**
 * Creates an xterm terminal (DOM renderer) inside `container` and keeps it fitted to the
 * element's size. Ctrl+Shift+C and Ctrl+Shift+V copy and paste, because Chromium would
 * otherwise open its developer tools on Ctrl+Shift+C and Ctrl+C/V belong to the guest.
 * Returns undefined until the terminal exists; the effect's cleanup disposes everything.
 */
export function useTerminal(container: RefObject<HTMLElement | null>): Terminal | undefined {
  const [terminal, setTerminal] = useState<Terminal>();
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const term = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 5000,
      theme: THEME,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    term.attachCustomKeyEventHandler((event) => handleClipboardKeys(term, event));
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      // fit() measures the element; a hidden or collapsed pane has no size to fit to.
      if (!box || box.width === 0 || box.height === 0) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => fit.fit());
    });
    observer.observe(element);
    setTerminal(term);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      setTerminal(undefined);
      term.dispose();
    };
  }, [container]);
  return terminal;
}

/** Returns false for the keys it handled, so xterm does not send them to the guest. */
function handleClipboardKeys(term: Terminal, event: KeyboardEvent): boolean {
  if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return true;
  if (event.code !== 'KeyC' && event.code !== 'KeyV') return true;
  event.preventDefault();
  if (event.type !== 'keydown') return false;
  if (event.code === 'KeyC') {
    const selection = term.getSelection();
    if (selection) void navigator.clipboard?.writeText(selection).catch(() => {});
  } else {
    void navigator.clipboard
      ?.readText()
      .then((text) => term.paste(text))
      .catch(() => {});
  }
  return false;
}
