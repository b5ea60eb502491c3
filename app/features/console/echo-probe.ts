import { openTerminal } from './open-terminals';

/**
 * Times keystroke to echo in one console pane: from the next key pressed in it (the keydown
 * event's own time stamp) until the terminal renders a cursor line that ends with `text`, i.e.
 * the key went to the worker, the guest echoed it, and the echo was drawn. For bench:ui.
 */
export function measureEcho(
  serverId: string,
  consoleId: string,
  text: string,
  timeoutMs = 5_000,
): Promise<number> {
  const view = openTerminal(serverId, consoleId);
  const input = view?.terminal.textarea;
  if (!view || !input) return Promise.reject(new Error(`no console ${consoleId} on ${serverId}`));
  const { terminal } = view;
  return new Promise((resolve, reject) => {
    let pressed: number | undefined;
    const onKey = (event: KeyboardEvent) => {
      pressed ??= event.timeStamp;
    };
    const echoed = () => {
      const buffer = terminal.buffer.active;
      const line = buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
      return line.endsWith(text);
    };
    const rendered = terminal.onRender(() => {
      if (pressed !== undefined && echoed()) finish(() => resolve(performance.now() - pressed!));
    });
    const timer = setTimeout(
      () =>
        finish(() => reject(new Error(`no echo of ${JSON.stringify(text)} in ${timeoutMs} ms`))),
      timeoutMs,
    );
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      rendered.dispose();
      input.removeEventListener('keydown', onKey, true);
      settle();
    };
    input.addEventListener('keydown', onKey, true);
  });
}
