/**
 * The built-in scenarios: lab files that each set up one lesson, with a few lines on what it
 * shows and what to try. They are ordinary lab files (the first is shared with docs/labs/), so
 * `npm run lab` runs them too; a unit test keeps every one valid.
 */
import oneOfEach from '../../../docs/labs/one-of-each.json';
import noHardware from './no-hardware-support.json';
import oneKernel from './one-kernel-one-fate.json';
import pvKernel from './pv-needs-modified-kernel.json';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** What the lab shows and what to try, in two or three sentences. */
  readonly description: string;
  /** The lab file's contents; validated by the engine when the scenario is opened. */
  readonly lab: unknown;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'one-of-each',
    title: 'One of each kind',
    description:
      'Every kind of virtualization side by side: a type-1 hypervisor with full, ' +
      'binary-translated, paravirtualized and hardware-assisted guests; a host OS with a KVM ' +
      'VM, a UML kernel and a container; and a bare-metal server as the baseline. Run the same ' +
      'benchmark in each and compare what it cost.',
    lab: oneOfEach,
  },
  {
    id: 'pv-needs-modified-kernel',
    title: 'Why paravirtualization needs a modified kernel',
    description:
      'Two pv guests on one hypervisor: one boots the modified kernel (kernel-pv.elf), which ' +
      'calls the VMM through hypercalls; the other boots the unmodified kernel.elf and stops at ' +
      'its first privileged instruction, which the VMM names. A full guest shows the same ' +
      'unmodified kernel running once every privileged instruction is trapped and emulated.',
    lab: pvKernel,
  },
  {
    id: 'no-hardware-support',
    title: 'A server without hardware support',
    description:
      'A hypervisor and a host OS on CPUs without the H extension, as before VT-x. Full, ' +
      'binary translation, pv, UML and containers still work. Try adding a hw guest to old-xen ' +
      'or a kvm guest to old-linux: the card tells you why it cannot run, and turning the ' +
      "server's hardware virtualization on makes it possible.",
    lab: noHardware,
  },
  {
    id: 'one-kernel-one-fate',
    title: 'One kernel, one fate',
    description:
      'Three containers share one host kernel on "shared"; two VMs on "separate" each boot ' +
      'their own. Type `insmod buggy` in the host console of "shared": the broken driver stops ' +
      'its kernel, and every container with it, at once. The VMs on "separate", and a crash ' +
      'inside one of them (try `crash`), stay their own business.',
    lab: oneKernel,
  },
];
