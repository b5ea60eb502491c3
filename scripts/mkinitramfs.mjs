#!/usr/bin/env node
// Packs a cpio "newc" initramfs, deterministically: sorted names, mtime 0,
// uid/gid 0, inode numbers in order.  No dependencies.
//
//   node scripts/mkinitramfs.mjs OUT ROOTFS_DIR [PROGRAM...]
//
// Every file under ROOTFS_DIR keeps its relative path; each PROGRAM goes to
// bin/<basename>, mode 0755.  Directories are created as needed.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [out, rootDir, ...programs] = process.argv.slice(2);
if (!out || !rootDir) {
  console.error('usage: mkinitramfs.mjs OUT ROOTFS_DIR [PROGRAM...]');
  process.exit(2);
}

/** @type {Map<string, {mode: number, data: Buffer}>} archive path -> entry */
const entries = new Map();

function addDirs(path) {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (!entries.has(dir)) entries.set(dir, { mode: 0o040755, data: Buffer.alloc(0) });
  }
}

function addFile(path, data, perm) {
  addDirs(path);
  entries.set(path, { mode: 0o100000 | perm, data });
}

function walk(dir, prefix) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = statSync(full);
    if (st.isDirectory()) {
      addDirs(`${rel}/x`);
      walk(full, rel);
    } else if (st.isFile()) {
      addFile(rel, readFileSync(full), st.mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

walk(rootDir, '');
for (const prog of programs) addFile(`bin/${basename(prog)}`, readFileSync(prog), 0o755);

const hex = (n) => n.toString(16).padStart(8, '0');
const pad4 = (n) => (4 - (n % 4)) % 4;
const chunks = [];
let ino = 1;

function emit(name, mode, data) {
  const nameBytes = Buffer.from(`${name}\0`);
  const fields = [
    ino++,
    mode,
    0,
    0,
    mode & 0o040000 ? 2 : 1,
    0,
    data.length,
    0,
    0,
    0,
    0,
    nameBytes.length,
    0,
  ];
  const header = Buffer.from(`070701${fields.map(hex).join('')}`, 'ascii');
  chunks.push(header, nameBytes, Buffer.alloc(pad4(header.length + nameBytes.length)));
  chunks.push(data, Buffer.alloc(pad4(data.length)));
}

for (const name of [...entries.keys()].sort()) {
  const e = entries.get(name);
  emit(name, e.mode, e.data);
}
emit('TRAILER!!!', 0, Buffer.alloc(0));
writeFileSync(out, Buffer.concat(chunks));
