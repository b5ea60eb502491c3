/**
 * A serial line to a running machine, QEMU or the engine: bytes out of the guest's UART arrive
 * through `onOutput`, bytes typed go in through `type`, and `exited` settles with the machine's
 * exit status (the sifive_test finisher's code).
 */
export interface SerialMachine {
  onOutput(listener: (bytes: Uint8Array) => void): void;
  type(text: string): void;
  readonly exited: Promise<number>;
  kill(): void;
}

export interface SessionStep {
  /** Text to type once the previous output ends with the prompt. */
  readonly type: string;
  /** Do not wait for a prompt after this step (for example `poweroff`). */
  readonly last?: boolean;
}

export interface SessionResult {
  readonly transcript: string;
  /**
   * The transcript cut where each step was typed: `segments[0]` is everything before the first
   * step (the boot), `segments[i + 1]` what step i echoed and printed, up to the next prompt.
   */
  readonly segments: readonly string[];
  readonly exitCode: number;
}

/**
 * Types each step only after the guest has printed `prompt`, like a person at a terminal. Feeding
 * input this way makes the transcript independent of how fast the machine runs, so QEMU's and the
 * engine's transcripts can be compared byte for byte.
 */
export async function runScriptedSession(
  machine: SerialMachine,
  steps: readonly SessionStep[],
  { prompt = '$ ', timeoutMs = 60_000 } = {},
): Promise<SessionResult> {
  const decoder = new TextDecoder();
  let transcript = '';
  let waiter: (() => void) | undefined;
  machine.onOutput((bytes) => {
    transcript += decoder.decode(bytes, { stream: true });
    waiter?.();
  });
  const timer = setTimeout(() => machine.kill(), timeoutMs);
  const exit = machine.exited.then((code) => {
    clearTimeout(timer);
    waiter?.();
    return code;
  });
  let exited = false;
  void exit.then(() => (exited = true));

  let seen = 0;
  const waitForPrompt = async () => {
    while (!exited) {
      if (transcript.length > seen && transcript.endsWith(prompt)) {
        seen = transcript.length;
        return;
      }
      await new Promise<void>((resolve) => (waiter = resolve));
    }
    throw new Error(`machine exited while waiting for "${prompt}"; transcript:\n${transcript}`);
  };
  const cuts: number[] = [];
  for (const step of steps) {
    await waitForPrompt();
    cuts.push(transcript.length);
    machine.type(step.type);
    if (step.last) break;
  }
  const exitCode = await exit;
  const bounds = [0, ...cuts, transcript.length];
  const segments = bounds.slice(1).map((end, i) => transcript.slice(bounds[i], end));
  return { transcript, segments, exitCode };
}
