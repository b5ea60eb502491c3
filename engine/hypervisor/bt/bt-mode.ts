import type { Hart } from '../../machine/hart';
import { executeMemory } from '../../machine/memory-access';
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, TRANSLATE_FAULT } from '../../machine/mmu';
import { OP_ECALL, OP_LAST_FAST, OP_LB, OP_LBU, OP_LW, OP_SB, OP_SW } from '../../machine/opcodes';
import type { DomainMode } from '../domain';
import { RESUME, retireEmulated, type ExitContext, type ExitOutcome, type VmExit } from '../exits';
import { FullMode } from '../full/full-mode';
import { Counts } from '../../stats/counts';
import { VPRIV_S, type Vcpu } from '../vcpu';
import { AdaptiveSites } from './adaptive-sites';
import { isAdaptable, isStore, needsCallout } from './callout-sites';
import { TranslationCache } from './translation-cache';

export const BT_SBI_NAME = 'Hyperlab VMM (binary translation)';

/**
 * Binary translation (docs/hypervisor.md, "bt"): full virtualization's machinery — the
 * unmodified kernel in real U-mode, virtual CSRs, shadow page tables, reflected traps, MMIO by
 * decoding — with the guest kernel's code translated block by block in the engine's predecoded
 * code (translation-cache.ts). Each privileged instruction becomes a callout: a direct call into
 * this mode, priced btCallout (plus the emulation) instead of a trap and world switch. Guest user
 * code runs untranslated, as under full.
 *
 * Adaptive translation: a guest-kernel load or store that keeps faulting into the VMM (MMIO to a
 * virtual device, an access that keeps needing a shadow fill) is retranslated into a callout that
 * does the access — on the device model, or through the shadow-table code and then natively —
 * without the fault (adaptive-sites.ts).
 */
export class BtMode extends FullMode {
  override readonly name: DomainMode = 'bt';
  override readonly sbiName: string = BT_SBI_NAME;
  /** The vCPU of this domain loaded on each hart (by hart id), if any. */
  private readonly loaded: (Vcpu | undefined)[] = [];
  private cache: TranslationCache | undefined;
  private readonly adaptive = new AdaptiveSites();
  /** What translation did, for the stats: kept when the domain (and its cache) goes away. */
  readonly counters = new Counts();

  override enter(vcpu: Vcpu, hart: Hart): void {
    // The code cache is the machine's: the domain's RAM pages join it on the first load.
    this.cache ??= this.attach(hart);
    this.loaded[hart.id] = vcpu;
    super.enter(vcpu, hart);
  }

  override leave(vcpu: Vcpu, hart: Hart): void {
    this.loaded[hart.id] = undefined;
    super.leave(vcpu, hart);
  }

  override destroy(): void {
    this.cache?.release();
    this.cache = undefined;
    super.destroy();
  }

  /**
   * A privileged instruction trapped after all: its entry was decoded before this domain's
   * kernel ran it (by its user code sharing the page). Its page is translated afresh. (An
   * instruction translation leaves alone, such as MRET, just traps and is reflected.)
   */
  override onIllegal(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'illegal-instruction' }>,
  ): ExitOutcome {
    const cache = this.cache;
    if (cache && context.vcpu.context.vpriv === VPRIV_S) {
      const index = cache.indexOf(context.hart, context.hart.pc);
      const entries = cache.code.entries;
      if (index >= 0 && needsCallout(entries[index], entries[index + 1])) {
        cache.code.dropPage(cache.code.ramPageOf(index));
        cache.counters.add('untranslated traps');
      }
    }
    return super.onIllegal(context, exit);
  }

  /** Counts guest-kernel loads and stores that fault into the VMM; adapts those that keep at it. */
  override onPageFault(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'page-fault' | 'access-fault' }>,
  ): ExitOutcome {
    const { hart, vcpu } = context;
    const pc = hart.pc;
    const kernel = vcpu.context.vpriv === VPRIV_S;
    const fills = vcpu.counters.shadowFills;
    const mmio = vcpu.counters.mmio.total();
    const outcome = super.onPageFault(context, exit);
    const cache = this.cache;
    if (!cache || !kernel || exit.kind !== 'page-fault' || exit.access === ACCESS_FETCH)
      return outcome;
    const kind =
      vcpu.counters.mmio.total() > mmio
        ? 'mmio'
        : vcpu.counters.shadowFills > fills
          ? 'shadow'
          : undefined;
    if (kind && this.adaptive.faulted(pc)) this.adapt(context, cache, pc, kind);
    return outcome;
  }

  onCallout(context: ExitContext, owner: number, index: number): ExitOutcome | undefined {
    const cache = this.cache;
    const originals = cache?.code.originals;
    if (!cache || !originals || owner !== cache.owner) return undefined;
    if (context.vcpu.context.vpriv !== VPRIV_S) return undefined;
    const packed = originals[index];
    const imm = originals[index + 1];
    if ((packed & 0xff) <= OP_LAST_FAST)
      return this.adaptedAccess(context, cache, index, packed, imm);
    this.vmm.charge(context.hart, 'btCallout');
    cache.counters.add('traps avoided');
    if ((packed & 0xff) === OP_ECALL)
      return super.onEcall(context, { kind: 'ecall', from: VPRIV_S });
    return super.onIllegal(context, { kind: 'illegal-instruction', word: imm >>> 0 });
  }

  /** The translation counters (blocks, instructions, hits, invalidations, ...), as plain data. */
  translationCounters(): Record<string, number> {
    return this.counters.toJSON();
  }

  private attach(hart: Hart): TranslationCache {
    const memory = this.domain.memory;
    const firstPage = (memory.hostBase - hart.bus.ramBase) >>> 12;
    return new TranslationCache(
      hart.code,
      this.counters,
      {
        translating: (h) => this.loaded[h.id]?.context.vpriv === VPRIV_S,
        chargeTranslation: (h, count) => this.vmm.charge(h, 'btTranslateInstruction', count),
      },
      firstPage,
      memory.size >>> 12,
    );
  }

  /** Retranslates the load or store at `pc` into a callout (one instruction's translation). */
  private adapt(context: ExitContext, cache: TranslationCache, pc: number, kind: string): void {
    const index = cache.indexOf(context.hart, pc);
    if (index < 0 || !isAdaptable(cache.code.entries[index])) return;
    cache.setAdapted(index, true);
    this.adaptive.adapted(index, pc);
    this.vmm.charge(context.hart, 'btTranslateInstruction');
    cache.counters.add('adaptations');
    cache.counters.add(`adaptations ${kind}`);
  }

  /**
   * An adapted load or store: done natively when the shadow tables already map its page;
   * otherwise the VMM resolves what would have faulted, without the fault — a shadow fill (then
   * the access, natively), the device model, or the guest's own fault reflected. One that keeps
   * finding its page mapped goes back to the native instruction.
   */
  private adaptedAccess(
    context: ExitContext,
    cache: TranslationCache,
    index: number,
    packed: number,
    imm: number,
  ): ExitOutcome | undefined {
    const { hart, vcpu } = context;
    const op = packed & 0xff;
    const store = isStore(packed);
    const width =
      op === OP_LW || op === OP_SW ? 4 : op === OP_LB || op === OP_LBU || op === OP_SB ? 1 : 2;
    const va = (hart.x[(packed >>> 16) & 0xff] + imm) | 0;
    // Misaligned accesses take the ordinary path (the original instruction).
    if ((va & (width - 1)) !== 0) return undefined;
    this.vmm.charge(hart, 'btCallout');
    cache.counters.add('adapted callouts');
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.mapped(hart, va >>> 0, store, width)) {
        executeMemory(hart, packed, imm, hart.pc);
        retireEmulated(hart);
        if (this.adaptive.ranNatively(index)) {
          cache.setAdapted(index, false);
          cache.counters.add('adaptations undone');
        }
        return RESUME;
      }
      this.adaptive.faultAvoided(index);
      const fills = vcpu.counters.shadowFills;
      const outcome = super.onPageFault(context, {
        kind: 'page-fault',
        access: store ? ACCESS_STORE : ACCESS_LOAD,
        va: va >>> 0,
      });
      // Anything but a fill finished the instruction: emulated on a device, or reflected.
      if (vcpu.counters.shadowFills === fills || outcome.kind !== 'resume') return outcome;
    }
    return RESUME; // filled, yet still not mapped: the callout runs again
  }

  /** Whether the hardware would do this access to RAM now, without a fault. */
  private mapped(hart: Hart, va: number, store: boolean, width: number): boolean {
    const pa = hart.mmu.translate(va, store ? ACCESS_STORE : ACCESS_LOAD, hart.dataPriv());
    return pa !== TRANSLATE_FAULT && hart.bus.isRam(pa, width);
  }
}
