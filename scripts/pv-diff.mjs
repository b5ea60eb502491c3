#!/usr/bin/env node
// How big is "the diff" that makes the lab kernel paravirtual?  Barham et al. (SOSP 2003) counted
// 2995 changed lines, 1.36% of Linux's x86 code, to port Linux to Xen; this prints our figures
// (docs/pv-diff.md), computed from the repository's history so they stay true:
//   - the two arch layers, kernel/arch/native/ and kernel/arch/pv/ (pv replaces native whole);
//   - the changes from BASE, the last commit before the paravirtual port, to PORT, the port
//     finished, in the shared code and in the native layer (its side of the new hooks);
//   - both against the kernel the native build compiled at PORT.
// Everything is read at PORT: later work (KVM, containers, UML) changed the shared kernel for its
// own reasons, and counting it would make the pv port look as big as every feature since.
// Usage: node scripts/pv-diff.mjs [--json]      (from the repository root)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const BASE = '93cb69e';
const PORT = '62e06c5';
const KERNEL = 'guest/kernel';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const lines = (path) => git('show', `${PORT}:${path}`).split('\n').length - 1;
const sources = (dir) =>
  git('ls-tree', '--name-only', `${PORT}:${dir}`)
    .split('\n')
    .filter((name) => /\.(c|h|S)$/.test(name))
    .sort()
    .map((name) => join(dir, name));

function layer(flavour) {
  const files = sources(join(KERNEL, 'arch', flavour)).map((path) => ({
    path,
    lines: lines(path),
  }));
  return { files, lines: files.reduce((sum, f) => sum + f.lines, 0) };
}

// Lines added and removed under pathspecs from BASE to PORT.
function changes(...pathspecs) {
  const out = git('diff', '--numstat', BASE, PORT, '--', ...pathspecs);
  const files = out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((row) => {
      const [added, removed, path] = row.split('\t');
      return { path, added: Number(added), removed: Number(removed) };
    });
  return {
    files,
    added: files.reduce((sum, f) => sum + f.added, 0),
    removed: files.reduce((sum, f) => sum + f.removed, 0),
  };
}

const native = layer('native');
const pv = layer('pv');
const shared = changes(KERNEL, `:(exclude)${KERNEL}/arch`);
const nativeChanged = changes(`${KERNEL}/arch/native`);
const sharedLines = sources(KERNEL).reduce((sum, path) => sum + lines(path), 0);
const kernelLines = sharedLines + native.lines;
const sharedTouched = shared.added + shared.removed;
// The native layer's part of the port is what it gained for the new hooks; lines it later lost
// to code both layers share (the trap-frame macros of hyperlab/frame.h) are not porting work.
const touched = pv.lines + sharedTouched + nativeChanged.added;
const figures = {
  base: BASE,
  port: PORT,
  kernelLines,
  sharedLines,
  nativeArchLines: native.lines,
  pvArchLines: pv.lines,
  sharedAdded: shared.added,
  sharedRemoved: shared.removed,
  sharedPercent: Number(((100 * sharedTouched) / sharedLines).toFixed(2)),
  nativeAdded: nativeChanged.added,
  nativeRemoved: nativeChanged.removed,
  touchedLines: touched,
  touchedPercent: Number(((100 * touched) / kernelLines).toFixed(2)),
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(figures));
} else {
  const show = (title, files) => {
    console.log(title);
    for (const f of files) console.log(`  ${String(f.lines).padStart(5)}  ${f.path}`);
  };
  show(`native arch layer: ${native.lines} lines`, native.files);
  show(`pv arch layer: ${pv.lines} lines (replaces the native one)`, pv.files);
  console.log(
    `shared kernel code changed by the port (${BASE}..${PORT}): +${shared.added} -${shared.removed} lines`,
  );
  for (const f of shared.files) console.log(`  +${f.added} -${f.removed}  ${f.path}`);
  console.log(
    `  = ${sharedTouched} lines, ${figures.sharedPercent}% of the ${sharedLines} lines outside kernel/arch/`,
  );
  console.log(
    `native arch layer changed by the port (${BASE}..${PORT}): +${nativeChanged.added} -${nativeChanged.removed} lines`,
  );
  console.log(
    `the port: ${touched} lines (the pv layer, the shared change, the native additions) of a ` +
      `${kernelLines}-line kernel, ` +
      `${figures.touchedPercent}% (Xen's Linux port: 1.36%)`,
  );
}
