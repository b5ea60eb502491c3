import { buildDeviceTree, deviceTreeAddress, type DeviceTreeConfig } from './device-tree';
import { MEMORY_MAP, PAGE_SIZE } from './memory-map';

/** A boot module in RAM, and the device tree that tells the kernel where it is. */
export interface PlacedInitrd {
  readonly start: number;
  readonly end: number;
  readonly bytes: Uint8Array;
}

/**
 * Places an initrd (a boot module, for Hyperlab a newc cpio) just below the device tree, page
 * aligned, and builds the tree that names it in /chosen. The kernel sits at the bottom of RAM,
 * so this keeps the two apart however large the module; `Machine.loadImage` refuses an image
 * that would still reach it. (QEMU puts it at RAM + min(RAM / 2, 128 MiB) instead; the kernel
 * reads the place from the tree either way.)
 */
export function placeInitrd(
  bytes: Uint8Array,
  tree: DeviceTreeConfig,
): { initrd: PlacedInitrd; dtb: Uint8Array } {
  // The initrd's two properties have a fixed size, so a tree built with any values has the
  // final tree's length, which decides where the tree (and so the initrd) goes.
  const probe = buildDeviceTree({ ...tree, initrd: { start: 0, end: 0 } });
  const dtbAddress = deviceTreeAddress(tree.memoryBytes, probe.length);
  const start = Math.floor((dtbAddress - bytes.length) / PAGE_SIZE) * PAGE_SIZE;
  if (start < MEMORY_MAP.ram.base) {
    throw new RangeError(
      `initrd of ${bytes.length} bytes does not fit below the device tree at 0x${dtbAddress.toString(16)}; give the machine more memory`,
    );
  }
  const end = start + bytes.length;
  return {
    initrd: { start, end, bytes },
    dtb: buildDeviceTree({ ...tree, initrd: { start, end } }),
  };
}
