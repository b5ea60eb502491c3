import type { CounterFamily } from '../inside/flat-counters';
import { countsMachine, type StackKind } from '../inside/subject';

/** One live chart: a family of counters, drawn as events per second, one line per name. */
export interface ChartSpec {
  readonly family: CounterFamily;
  readonly title: string;
  /** What a line going up means, for the chart's caption. */
  readonly hint: string;
}

const INSTRUCTIONS: ChartSpec = {
  family: 'instructions',
  title: 'Instructions per second',
  hint: 'Instructions its CPUs retired, per second of your time',
};

/** What the VMM counts for a guest, in the order the course explains them. */
const GUEST_CHARTS: readonly ChartSpec[] = [
  INSTRUCTIONS,
  {
    family: 'exits',
    title: 'Exits to the VMM per second, by cause',
    hint: 'Each is a world switch from the guest into the VMM and back',
  },
  {
    family: 'reflected',
    title: 'Traps reflected to its kernel per second',
    hint: 'System calls and its own page faults: the VMM takes them first and hands them back',
  },
  {
    family: 'calls',
    title: 'Hypercalls and SBI calls per second',
    hint: 'Requests the guest kernel made of the VMM on purpose',
  },
  {
    family: 'emulated',
    title: 'Emulated privileged instructions per second',
    hint: 'Instructions the deprivileged kernel tried and the VMM carried out for it',
  },
  {
    family: 'mmio',
    title: 'Emulated device accesses (MMIO) per second',
    hint: 'Loads and stores to a virtual device, decoded and carried out by the VMM',
  },
  {
    family: 'shadow',
    title: 'Shadow page-table syncs and fills per second',
    hint: "The VMM keeping its copy of the guest's page tables in step",
  },
  {
    family: 'dispatches',
    title: 'Dispatches onto a hart per second',
    hint: 'Times the credit scheduler gave one of its vCPUs a hart',
  },
];

const MACHINE_CHARTS: readonly ChartSpec[] = [
  INSTRUCTIONS,
  {
    family: 'exceptions',
    title: 'Exceptions per second, by cause',
    hint: 'System calls (ecall), page faults, illegal instructions',
  },
  {
    family: 'interrupts',
    title: 'Interrupts per second, by cause',
    hint: 'Timer, software (IPI) and external (the UART via the PLIC)',
  },
  {
    family: 'mmio',
    title: 'Device accesses per second',
    hint: 'Loads and stores that reached a device instead of RAM',
  },
];

export function chartsFor(kind: StackKind): readonly ChartSpec[] {
  return countsMachine(kind) ? MACHINE_CHARTS : GUEST_CHARTS;
}
