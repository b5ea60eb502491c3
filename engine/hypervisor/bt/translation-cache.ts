import type { CodeCache, CodeTranslator } from '../../machine/code-cache';
import type { Hart } from '../../machine/hart';
import { ACCESS_FETCH, TRANSLATE_FAULT } from '../../machine/mmu';
import { OP_CALLOUT, OP_DECODE, OP_PAGE_END } from '../../machine/opcodes';
import type { Counts } from '../../stats/counts';
import { endsBlock, needsCallout } from './callout-sites';

/** What the translation cache needs from its mode: who runs translated code, and the bill. */
export interface TranslationHost {
  /** Whether `hart` is running this domain's guest kernel (a vCPU of it, in virtual S-mode). */
  translating(hart: Hart): boolean;
  /** Charges `btTranslateInstruction` for `count` instructions to `hart`. */
  chargeTranslation(hart: Hart, count: number): void;
}

/**
 * One domain's translated guest-kernel code, kept in the engine's predecoded code
 * (code-cache.ts) of the domain's own RAM pages (docs/hypervisor.md, "bt").
 *
 * A block is translated when the guest kernel first runs its first instruction: the code cache
 * decodes lazily and tells the translator; it scans on to the block's end (a control transfer,
 * the page end, or code already translated), pays btTranslateInstruction per instruction, and
 * patches every privileged instruction into a callout to the VMM. Direct jumps within a page stay
 * chained (the hot loop follows them without asking); entering a page — a jump from another one,
 * a return from the VMM — is a lookup, a hit when the code there is translated.
 *
 * Translations belong to the domain: only its RAM pages are attached, and only code its vCPUs run
 * in virtual S-mode is translated (guest user code runs untranslated, and a callout met by
 * anything else runs the original instruction). A store into a translated page, or FENCE.I,
 * drops its translations (and the slot's eviction does too); the code is translated again when
 * next run.
 */
export class TranslationCache implements CodeTranslator {
  /** RAM pages holding translated blocks. */
  private readonly translatedPages = new Set<number>();
  readonly owner: number;

  /** `counters` gets blocks, instructions, hits and invalidations (and BtMode adds its own). */
  constructor(
    readonly code: CodeCache,
    readonly counters: Counts,
    private readonly host: TranslationHost,
    firstRamPage: number,
    pages: number,
  ) {
    this.owner = code.attach(this, firstRamPage, pages);
  }

  decoded(hart: Hart, index: number): void {
    if (!this.host.translating(hart)) return;
    this.translateBlock(hart, index);
  }

  entered(hart: Hart, index: number): void {
    if (!this.host.translating(hart)) return;
    if ((this.code.entries[index] & 0xff) !== OP_DECODE) this.counters.add('hits');
  }

  dropped(ramPage: number): void {
    if (!this.translatedPages.delete(ramPage)) return;
    // The whole page goes, as a VMM that write-protects translated pages would drop it.
    this.code.dropPage(ramPage);
    this.counters.add('invalidations');
  }

  flushed(): void {
    if (this.translatedPages.size === 0) return;
    this.counters.add('invalidations', this.translatedPages.size);
    this.translatedPages.clear();
  }

  /** Gives the domain's pages back to the code cache; their translations are dropped. */
  release(): void {
    this.code.detach(this.owner);
    this.translatedPages.clear();
  }

  /**
   * The code-cache index of the instruction at guest-virtual `pc` as `hart` fetches it now, or
   * -1 when it does not translate to RAM.
   */
  indexOf(hart: Hart, pc: number): number {
    const pa = hart.mmu.translate(pc, ACCESS_FETCH, hart.priv);
    if (pa === TRANSLATE_FAULT || !hart.bus.isRam(pa, 4)) return -1;
    const ramOffset = pa - hart.bus.ramBase;
    return this.code.slotFor(ramOffset >>> 12) + ((ramOffset & 0xfff) >>> 1);
  }

  /**
   * Makes entry `index` a callout that adaptive translation chose (a load or store that keeps
   * faulting into the VMM), or puts the original back (`adapt` false).
   */
  setAdapted(index: number, adapt: boolean): void {
    const { entries, originals } = this.code;
    if (adapt) {
      if ((entries[index] & 0xff) === OP_CALLOUT) return;
      this.code.patch(index, this.owner);
      this.translatedPages.add(this.code.ramPageOf(index));
    } else if (originals !== undefined && (entries[index] & 0xff) === OP_CALLOUT) {
      entries[index] = originals[index];
      entries[index + 1] = originals[index + 1];
    }
  }

  /**
   * Translates the block starting at the (just decoded) entry `index`: decodes on to its end and
   * patches the privileged instructions. Adapted callouts already in the way stay.
   */
  private translateBlock(hart: Hart, index: number): void {
    const code = this.code;
    const entries = code.entries;
    let count = 0;
    for (let e = index; ; e += 2) {
      let packed = entries[e];
      if (packed === OP_PAGE_END) break;
      if (e !== index) {
        // Already decoded: a translated block starts here, this one chains into it.
        if ((packed & 0xff) !== OP_DECODE) break;
        code.redecode(e);
        packed = entries[e];
      }
      count++;
      if (needsCallout(packed, entries[e + 1])) code.patch(e, this.owner);
      if (endsBlock(packed)) break;
    }
    this.translatedPages.add(code.ramPageOf(index));
    this.counters.add('blocks');
    this.counters.add('instructions', count);
    this.host.chargeTranslation(hart, count);
  }
}
