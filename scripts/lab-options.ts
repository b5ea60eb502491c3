import { resolve } from 'node:path';
import { UsageError, unescapeInput } from './vm-options';

export { UsageError };

/** Bytes to type into one console before the lab starts. */
export interface ConsoleInput {
  readonly console: string;
  readonly bytes: Uint8Array;
}

export interface LabOptions {
  /** The lab file, resolved against the working directory. */
  file: string;
  /** The console shown on stdout; the lab's first when not given. */
  console: string | undefined;
  inputs: ConsoleInput[];
  stats: boolean;
}

/**
 * Parses `FILE [--console NAME] [--input NAME=TEXT]… [--stats]`; 'help' for -h/--help. Throws
 * UsageError naming the bad flag or value. `--input` takes the escapes of `npm run vm`.
 */
export function parseLabOptions(args: readonly string[]): LabOptions | 'help' {
  let file: string | undefined;
  const options: LabOptions = { file: '', console: undefined, inputs: [], stats: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const [flag, inline] =
      arg.startsWith('--') && eq > 0 && !arg.startsWith('--input')
        ? [arg.slice(0, eq), arg.slice(eq + 1)]
        : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= args.length) throw new UsageError(`${flag} needs a value`);
      return args[++i];
    };
    if (arg.startsWith('--input=')) {
      options.inputs.push(consoleInput(arg.slice('--input='.length)));
      continue;
    }
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--console':
        options.console = value();
        break;
      case '--input':
        options.inputs.push(consoleInput(value()));
        break;
      case '--stats':
        if (inline !== undefined) throw new UsageError('--stats takes no value');
        options.stats = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${flag} (see --help)`);
        if (file !== undefined) throw new UsageError(`one lab file only: got ${file} and ${arg}`);
        file = arg;
    }
  }
  if (file === undefined) throw new UsageError('no lab file given (see --help)');
  options.file = resolve(file);
  return options;
}

/** `NAME=TEXT`: the console's name, then the text with vm's escapes (\n \r \t \\ \xHH). */
function consoleInput(text: string): ConsoleInput {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--input expects NAME=TEXT, got '${text}'`);
  return { console: text.slice(0, eq), bytes: unescapeInput(text.slice(eq + 1)) };
}
