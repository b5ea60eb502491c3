import { asciiBytes } from './ascii';

/** One file a host-OS server gets as a boot module; `path` is relative to its root ("boot/x"). */
export interface BootModuleFile {
  readonly path: string;
  readonly data: Uint8Array;
  /** Permission bits; 0o755 for programs and kernels, 0o644 otherwise. */
  readonly mode?: number;
}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

/**
 * Packs files into a newc cpio archive, the initrd format the kernel unpacks at boot (as Linux
 * and QEMU's `-initrd`): parent directories first, names sorted, mtime and owners 0, so the same
 * files always give the same bytes.
 */
export function packBootModules(files: readonly BootModuleFile[]): Uint8Array {
  const entries = new Map<string, { mode: number; data: Uint8Array }>();
  for (const file of files) {
    const parts = file.path.split('/').filter((part) => part !== '');
    if (parts.length === 0 || parts.includes('..'))
      throw new RangeError(`boot module path ${JSON.stringify(file.path)} is not a file path`);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!entries.has(dir)) entries.set(dir, { mode: S_IFDIR | 0o755, data: new Uint8Array() });
    }
    entries.set(parts.join('/'), { mode: S_IFREG | (file.mode ?? 0o644), data: file.data });
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const push = (bytes: Uint8Array) => {
    chunks.push(bytes);
    length += bytes.length;
    const pad = (4 - (length % 4)) % 4;
    if (pad > 0) {
      chunks.push(new Uint8Array(pad));
      length += pad;
    }
  };
  let inode = 1;
  const add = (name: string, mode: number, data: Uint8Array) => {
    const fields = [inode++, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, name.length + 1, 0];
    const header = '070701' + fields.map((n) => n.toString(16).padStart(8, '0')).join('');
    push(asciiBytes(header + name + '\0'));
    if (data.length > 0) push(data);
  };
  for (const name of [...entries.keys()].sort()) {
    const entry = entries.get(name);
    if (entry) add(name, entry.mode, entry.data);
  }
  add('TRAILER!!!', 0, new Uint8Array());
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
