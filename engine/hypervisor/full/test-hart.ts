import { Bus } from '../../machine/bus';
import { VirtualClock } from '../../machine/clock';
import { CodeCache } from '../../machine/code-cache';
import { Hart } from '../../machine/hart';

/** A bare hart over 1 MiB of RAM at 0x8000_0000, for the full mode's unit tests. */
export function testHart(): Hart {
  const bus = new Bus(1024 * 1024);
  return new Hart(0, bus, new VirtualClock(), new CodeCache(bus));
}
