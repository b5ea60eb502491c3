import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import './console.css';
import { focusedRenderer, type RenderedPane, type RendererKind } from './focused-renderer';

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

/** Console text size: larger in presentation mode, for the back of a lecture hall. */
function fontSize(): number {
  return document.documentElement.hasAttribute('data-presentation') ? 20 : 14;
}

/**
 * An xterm terminal living in `element` and kept fitted to the element's size. It draws with
 * the DOM renderer, and with WebGL while it has the focus (see focused-renderer.ts); the
 * element's `data-renderer` says which. Ctrl+Shift+C and Ctrl+Shift+V copy and paste, because
 * Chromium would otherwise open its developer tools on Ctrl+Shift+C, and Ctrl+C/V belong to
 * the guest.
 */
export class TerminalView implements RenderedPane {
  readonly terminal: Terminal;
  private readonly observer: ResizeObserver;
  /** Watches the page's presentation mode, which wants larger console text too. */
  private readonly presentation: MutationObserver;
  private frame = 0;
  private readonly onFocus = () => focusedRenderer.focus(this);

  constructor(readonly element: HTMLElement) {
    this.terminal = new Terminal({
      cursorBlink: !matchMedia('(prefers-reduced-motion: reduce)').matches,
      fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: fontSize(),
      scrollback: 5000,
      theme: THEME,
    });
    const fit = new FitAddon();
    this.terminal.loadAddon(fit);
    this.terminal.open(element);
    this.terminal.attachCustomKeyEventHandler((event) => this.handleClipboardKeys(event));
    this.rendererChanged('dom');
    element.addEventListener('focusin', this.onFocus);
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      // fit() measures the element; a hidden or collapsed pane has no size to fit to.
      if (!box || box.width === 0 || box.height === 0) return;
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => fit.fit());
    });
    this.observer.observe(element);
    this.presentation = new MutationObserver(() => {
      this.terminal.options.fontSize = fontSize();
      // The pane keeps its size, so no resize comes: refit to the new cell size now.
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => fit.fit());
    });
    this.presentation.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-presentation'],
    });
  }

  rendererChanged(kind: RendererKind): void {
    this.element.dataset.renderer = kind;
  }

  dispose(): void {
    this.element.removeEventListener('focusin', this.onFocus);
    focusedRenderer.release(this);
    cancelAnimationFrame(this.frame);
    this.observer.disconnect();
    this.presentation.disconnect();
    this.terminal.dispose();
  }

  /** Returns false for the keys it handled, so xterm does not send them to the guest. */
  private handleClipboardKeys(event: KeyboardEvent): boolean {
    if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return true;
    if (event.code !== 'KeyC' && event.code !== 'KeyV') return true;
    event.preventDefault();
    if (event.type !== 'keydown') return false;
    if (event.code === 'KeyC') {
      const selection = this.terminal.getSelection();
      if (selection) void navigator.clipboard?.writeText(selection).catch(() => {});
    } else {
      void navigator.clipboard
        ?.readText()
        .then((text) => this.terminal.paste(text))
        .catch(() => {});
    }
    return false;
  }
}
