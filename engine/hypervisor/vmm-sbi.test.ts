import { describe, expect, it } from 'vitest';
import { Bus } from '../machine/bus';
import { GUEST_RAM_BASE, GuestMemory } from './guest-memory';
import {
  handleSbiCall,
  SBI_ERR_INVALID_PARAM,
  SBI_ERR_NOT_SUPPORTED,
  SBI_EXT_BASE,
  SBI_EXT_DBCN,
  SBI_EXT_HYPERLAB,
  SBI_EXT_IPI,
  SBI_EXT_SRST,
  SBI_EXT_TIME,
  VMM_SBI_IMPL_ID,
  type SbiEnvironment,
} from './vmm-sbi';

function environment() {
  const bus = new Bus(8 * 1024 * 1024);
  const memory = new GuestMemory(bus, 0x8040_0000, 4 * 1024 * 1024);
  const log = { out: [] as number[], timer: -1, ipis: [] as number[] };
  const input = [0x61, 0x62];
  const env: SbiEnvironment = {
    implName: 'Hyperlab VMM (full virtualization)',
    memory,
    vcpus: 3,
    vcpu: 0,
    consoleWrite: (bytes) => log.out.push(...bytes),
    consoleRead: (max) => Uint8Array.from(input.splice(0, max)),
    setTimer: (deadline) => (log.timer = deadline),
    sendIpi: (vcpu) => log.ipis.push(vcpu),
  };
  return { env, log, memory };
}

const call = (eid: number, fid: number, ...args: number[]) => ({ eid, fid, args });

describe('the VMM SBI', () => {
  it('answers base: spec version, its own impl id, probes', () => {
    const { env } = environment();
    expect(handleSbiCall(call(SBI_EXT_BASE, 0), env).value).toBe(0x0200_0000);
    expect(handleSbiCall(call(SBI_EXT_BASE, 1), env).value).toBe(VMM_SBI_IMPL_ID);
    expect(handleSbiCall(call(SBI_EXT_BASE, 3, SBI_EXT_HYPERLAB), env).value).toBe(1);
    expect(handleSbiCall(call(SBI_EXT_BASE, 3, 0x48534d), env).value).toBe(0); // HSM
    expect(handleSbiCall(call(SBI_EXT_BASE, 9), env).error).toBe(SBI_ERR_NOT_SUPPORTED);
    expect(handleSbiCall(call(0x12345678, 0), env).error).toBe(SBI_ERR_NOT_SUPPORTED);
  });

  it('copies the implementation name, NUL-terminated and truncated, and returns its length', () => {
    const { env, memory } = environment();
    const result = handleSbiCall(call(SBI_EXT_HYPERLAB, 0, GUEST_RAM_BASE + 0x100, 12), env);
    expect(result).toMatchObject({ error: 0, value: 34 });
    expect(new TextDecoder().decode(memory.readBytes(GUEST_RAM_BASE + 0x100, 12))).toBe(
      'Hyperlab VM\0',
    );
    expect(handleSbiCall(call(SBI_EXT_HYPERLAB, 0, GUEST_RAM_BASE, 0), env).error).toBe(
      SBI_ERR_INVALID_PARAM,
    );
    // A buffer outside the domain's RAM is refused, never written.
    expect(
      handleSbiCall(call(SBI_EXT_HYPERLAB, 0, 0x8000_0000 + 4 * 1024 * 1024, 8), env).error,
    ).toBe(SBI_ERR_INVALID_PARAM);
  });

  it('writes and reads the debug console with guest-physical buffers, and the legacy calls', () => {
    const { env, log, memory } = environment();
    memory.writeBytes(GUEST_RAM_BASE + 64, new TextEncoder().encode('hi\n'));
    expect(handleSbiCall(call(SBI_EXT_DBCN, 0, 3, GUEST_RAM_BASE + 64, 0), env)).toMatchObject({
      error: 0,
      value: 3,
    });
    expect(handleSbiCall(call(SBI_EXT_DBCN, 2, 0x21), env).error).toBe(0);
    expect(handleSbiCall(call(0x01, 0, 0x7a), env)).toMatchObject({ legacy: true, error: 0 });
    expect(String.fromCharCode(...log.out)).toBe('hi\n!z');
    expect(handleSbiCall(call(SBI_EXT_DBCN, 1, 4, GUEST_RAM_BASE + 128, 0), env).value).toBe(2);
    expect(Array.from(memory.readBytes(GUEST_RAM_BASE + 128, 2) ?? [])).toEqual([0x61, 0x62]);
    expect(handleSbiCall(call(0x02, 0), env)).toMatchObject({ legacy: true, error: -1 });
    expect(handleSbiCall(call(SBI_EXT_DBCN, 0, 3, 0x1000_0000, 0), env).error).toBe(
      SBI_ERR_INVALID_PARAM,
    );
    expect(handleSbiCall(call(SBI_EXT_DBCN, 0, 3, GUEST_RAM_BASE, 1), env).error).toBe(
      SBI_ERR_INVALID_PARAM,
    );
  });

  it('sets the virtual timer from two halves, sends IPIs by mask, and asks for resets', () => {
    const { env, log } = environment();
    handleSbiCall(call(SBI_EXT_TIME, 0, 5, 1), env);
    expect(log.timer).toBe(2 ** 32 + 5);
    handleSbiCall(call(SBI_EXT_IPI, 0, 0b101, 0), env);
    handleSbiCall(call(SBI_EXT_IPI, 0, 0b1, 2), env);
    handleSbiCall(call(SBI_EXT_IPI, 0, 0, -1), env);
    expect(log.ipis).toEqual([0, 2, 2, 0, 1, 2]);
    expect(handleSbiCall(call(SBI_EXT_SRST, 0, 0, 0), env).reset).toBe('shutdown');
    expect(handleSbiCall(call(SBI_EXT_SRST, 0, 0, 1), env).reset).toBe('failure');
    expect(handleSbiCall(call(SBI_EXT_SRST, 0, 1, 0), env).reset).toBe('reboot');
    expect(handleSbiCall(call(SBI_EXT_SRST, 0, 7, 0), env).error).toBe(SBI_ERR_INVALID_PARAM);
  });
});
