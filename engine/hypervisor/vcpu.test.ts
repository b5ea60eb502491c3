import { describe, expect, it } from 'vitest';
import { Vcpu, VcpuRefusal } from './vcpu';

describe('Vcpu state machine', () => {
  it('goes runnable -> running -> blocked -> runnable -> running -> runnable', () => {
    const v = new Vcpu(1, 0, 'web.vcpu0');
    expect(v.schedule(0)).toBeUndefined();
    expect(v.state).toBe('running');
    expect(v.hart).toBe(0);
    expect(v.block()).toBeUndefined();
    expect(v.hart).toBe(-1);
    expect(v.wake()).toBeUndefined();
    expect(v.schedule(1)).toBeUndefined();
    expect(v.deschedule()).toBeUndefined();
    expect(v.state).toBe('runnable');
    expect(v.counters.scheduled).toBe(2);
  });

  it('refuses commands that do not fit, naming the vCPU, command and state, and changes nothing', () => {
    const v = new Vcpu(1, 0, 'web.vcpu0');
    const refusal = v.block();
    expect(refusal).toBeInstanceOf(VcpuRefusal);
    expect(refusal?.message).toBe('web.vcpu0: cannot block a runnable vCPU');
    expect(refusal?.command).toBe('block');
    expect(v.state).toBe('runnable');
    expect(v.wake()?.state).toBe('runnable');
    expect(v.unpause()?.command).toBe('unpause');
  });

  it('remembers a block across pause and unpause', () => {
    const v = new Vcpu(1, 0, 'a');
    v.schedule(0);
    v.block();
    expect(v.pause()).toBeUndefined();
    expect(v.pause()?.state).toBe('paused');
    v.unpause();
    expect(v.state).toBe('blocked');
  });

  it('halts from any state once, with the reason', () => {
    const v = new Vcpu(1, 0, 'a');
    v.schedule(0);
    expect(v.halt('powered off')).toBeUndefined();
    expect(v.haltReason).toBe('powered off');
    expect(v.halt('again')?.state).toBe('halted');
    expect(v.schedule(0)?.state).toBe('halted');
  });
});
