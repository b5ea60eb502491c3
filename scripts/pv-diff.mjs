#!/usr/bin/env node
// How big is "the diff" that makes the lab kernel paravirtual?  Barham et al. (SOSP 2003) counted
// 2995 changed lines, 1.36% of Linux's x86 code, to port Linux to Xen; this prints our figures
// (docs/pv-diff.md), computed from the sources so they stay true:
//   - the two arch layers, kernel/arch/native/ and kernel/arch/pv/ (pv replaces native whole);
//   - the changes since BASE, the last commit before the paravirtual port, to the shared code and
//     to the native layer (its side of the new hooks);
//   - both against the kernel the native build compiles.
// Usage: node scripts/pv-diff.mjs [--json]      (from the repository root)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE = '93cb69e';
const KERNEL = 'guest/kernel';

const lines = (path) => readFileSync(path, 'utf8').split('\n').length - 1;
const sources = (dir) =>
  readdirSync(dir)
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

// Lines added and removed under pathspecs since BASE (working tree included).
function changes(...pathspecs) {
  const out = execFileSync('git', ['diff', '--numstat', BASE, '--', ...pathspecs], {
    encoding: 'utf8',
  });
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
    `shared kernel code changed since ${BASE}: +${shared.added} -${shared.removed} lines`,
  );
  for (const f of shared.files) console.log(`  +${f.added} -${f.removed}  ${f.path}`);
  console.log(
    `  = ${sharedTouched} lines, ${figures.sharedPercent}% of the ${sharedLines} lines outside kernel/arch/`,
  );
  console.log(
    `native arch layer changed since ${BASE}: +${nativeChanged.added} -${nativeChanged.removed} lines`,
  );
  console.log(
    `the port: ${touched} lines (the pv layer, the shared change, the native additions) of a ` +
      `${kernelLines}-line kernel, ` +
      `${figures.touchedPercent}% (Xen's Linux port: 1.36%)`,
  );
}
