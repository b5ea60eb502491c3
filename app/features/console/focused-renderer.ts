import { WebglAddon } from '@xterm/addon-webgl';
import type { Terminal } from '@xterm/xterm';

/** How a console pane is drawn: WebGL for the focused one, the DOM for the rest of the grid. */
export type RendererKind = 'webgl' | 'dom';

/** What the focused-renderer needs of a pane. */
export interface RenderedPane {
  readonly terminal: Terminal;
  /** The element the terminal was opened in. */
  readonly element: HTMLElement;
  /** Called whenever the pane's renderer changes. */
  rendererChanged(kind: RendererKind): void;
}

/**
 * The one WebGL renderer of the page, lent to the focused console. A grid of consoles each with
 * its own WebGL context would run into the browser's limit on live contexts (Chromium drops the
 * oldest past 16) and cost GPU memory for panes nobody is looking at; the DOM renderer draws an
 * idle pane cheaply, and the pane a person types into, the busiest, gets the fast one.
 */
class FocusedRenderer {
  private readonly enabled = webglWanted();
  private current:
    { pane: RenderedPane; addon: WebglAddon; canvas: Element | undefined } | undefined;
  /** Panes whose WebGL context was lost: they stay on the DOM renderer from then on. */
  private readonly lost = new WeakSet<RenderedPane>();

  /** Moves WebGL to `pane`; the pane that had it goes back to the DOM renderer. */
  focus(pane: RenderedPane): void {
    if (!this.enabled || this.current?.pane === pane || this.lost.has(pane)) return;
    this.release();
    let addon: WebglAddon | undefined;
    const before = new Set(pane.element.querySelectorAll('canvas'));
    try {
      addon = new WebglAddon();
      pane.terminal.loadAddon(addon);
    } catch {
      // No WebGL here (disabled, or no GPU): the DOM renderer is all this page gets.
      addon?.dispose();
      this.lost.add(pane);
      return;
    }
    // The addon draws on one canvas of its own in .xterm-screen, beside its 2D overlay layers.
    const canvas = [...pane.element.querySelectorAll('.xterm-screen > canvas')].find(
      (c) => !before.has(c as HTMLCanvasElement) && !c.className.includes('-layer'),
    );
    const lent = { pane, addon, canvas };
    addon.onContextLoss(() => {
      // Our own release loses the context on purpose; only a loss while lent is a failure.
      if (this.current !== lent) return;
      // The GPU process reset or the browser reclaimed the context: draw with the DOM again.
      this.lost.add(pane);
      this.release();
    });
    this.current = lent;
    pane.rendererChanged('webgl');
  }

  /** Gives the WebGL renderer back (of `pane` only, when given), drawing with the DOM again. */
  release(pane?: RenderedPane): void {
    const lent = this.current;
    if (!lent || (pane && lent.pane !== pane)) return;
    this.current = undefined;
    // A disposed addon leaves its context alive until garbage collection; losing it now keeps
    // the page at one live context however often the focus moves.
    if (lent.canvas instanceof HTMLCanvasElement) {
      lent.canvas.getContext('webgl2')?.getExtension('WEBGL_lose_context')?.loseContext();
    }
    lent.addon.dispose();
    lent.pane.rendererChanged('dom');
  }
}

/**
 * WebGL unless the page says otherwise: `?renderer=dom` keeps every pane on the DOM renderer
 * (a GPU that draws badly), `?renderer=webgl` asks for WebGL. A browser driven by automation
 * (navigator.webdriver) gets the DOM renderer unless it asks: the browser tests read what a
 * console shows from the DOM renderer's rows, which WebGL does not have; the tests of the WebGL
 * renderer itself, and bench:ui, ask for it.
 */
function webglWanted(): boolean {
  const asked = new URLSearchParams(location.search).get('renderer');
  if (asked === 'webgl' || asked === 'dom') return asked === 'webgl';
  return !navigator.webdriver;
}

export const focusedRenderer = new FocusedRenderer();
