import { resolve } from 'node:path';
import { MAX_HARTS, MAX_MEMORY_MIB, MIN_MEMORY_MIB } from '../engine/machine/machine';

/** A problem with what the user typed: the CLI prints it as one line and exits 2. */
export class UsageError extends Error {}

export interface Options {
  image: string;
  memoryMiB: number;
  harts: number;
  input: Uint8Array;
  stats: boolean;
  maxInstructions: number;
  /** Run IMAGE as the one guest of a hypervisor server in this mode, not on bare metal. */
  mode: VirtualizationMode | undefined;
  /** The hypervisor server's harts have the H extension (`--no-hw-virt` takes it away). */
  hardwareVirtualization: boolean;
}

/** Every kind of guest a hypervisor server runs; the VMM refuses a mode it has not built yet. */
export const VIRTUALIZATION_MODES = ['full', 'bt', 'pv', 'hw'] as const;
export type VirtualizationMode = (typeof VIRTUALIZATION_MODES)[number];

/**
 * Parses the command line; 'help' for -h/--help. Throws UsageError naming the bad flag or value.
 */
export function parseOptions(args: readonly string[], defaultImage: string): Options | 'help' {
  const options: Options = {
    image: defaultImage,
    memoryMiB: 128,
    harts: 1,
    input: new Uint8Array(0),
    stats: false,
    maxInstructions: Infinity,
    mode: undefined,
    hardwareVirtualization: true,
  };
  let image: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= args.length) throw new UsageError(`${flag} needs a value`);
      return args[++i];
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--mem':
        options.memoryMiB = wholeNumber(flag, value());
        break;
      case '--harts':
        options.harts = wholeNumber(flag, value());
        break;
      case '--input':
        options.input = unescapeInput(value());
        break;
      case '--max-insns':
        options.maxInstructions = wholeNumber(flag, value());
        break;
      case '--mode': {
        const mode = value();
        const known = VIRTUALIZATION_MODES.find((m) => m === mode);
        if (!known)
          throw new UsageError(
            `--mode must be one of ${VIRTUALIZATION_MODES.join(', ')}, got '${mode}'`,
          );
        options.mode = known;
        break;
      }
      case '--stats':
        if (inline !== undefined) throw new UsageError('--stats takes no value');
        options.stats = true;
        break;
      case '--no-hw-virt':
        if (inline !== undefined) throw new UsageError('--no-hw-virt takes no value');
        options.hardwareVirtualization = false;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${flag} (see --help)`);
        if (image !== undefined) throw new UsageError(`one image only: got ${image} and ${arg}`);
        image = arg;
    }
  }
  if (options.memoryMiB < MIN_MEMORY_MIB || options.memoryMiB > MAX_MEMORY_MIB) {
    throw new UsageError(
      `--mem must be from ${MIN_MEMORY_MIB} to ${MAX_MEMORY_MIB} (MiB), got ${options.memoryMiB}`,
    );
  }
  if (options.harts < 1 || options.harts > MAX_HARTS) {
    throw new UsageError(`--harts must be from 1 to ${MAX_HARTS}, got ${options.harts}`);
  }
  if (options.maxInstructions === 0) throw new UsageError('--max-insns must be at least 1');
  if (!options.hardwareVirtualization && options.mode === undefined)
    throw new UsageError('--no-hw-virt describes a hypervisor server: give --mode too');
  if (image !== undefined) options.image = resolve(image);
  return options;
}

function wholeNumber(flag: string, text: string): number {
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} expects a whole number, got '${text}'`);
  }
  return Number(text);
}

/** Turns `--input` text into bytes: \n \r \t \\ \xHH escapes, everything else as UTF-8. */
export function unescapeInput(text: string): Uint8Array {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') {
      const code = text.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(code);
      bytes.push(...encoder.encode(char));
      i += char.length - 1;
      continue;
    }
    const next = text[++i];
    if (next === 'n') bytes.push(0x0a);
    else if (next === 'r') bytes.push(0x0d);
    else if (next === 't') bytes.push(0x09);
    else if (next === '\\') bytes.push(0x5c);
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const escape =
        next === undefined ? '\\ at the end' : `\\${next === 'x' ? text.slice(i, i + 3) : next}`;
      throw new UsageError(`--input: unknown escape ${escape} (use \\n \\r \\t \\\\ or \\xHH)`);
    }
  }
  return Uint8Array.from(bytes);
}
