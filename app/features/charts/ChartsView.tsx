import { HOST_OS_KINDS, type Subject } from '../inside/subject';
import { HostNote } from '../inside/HostNote';
import { chartsFor } from './chart-specs';
import { LiveChart } from './LiveChart';

/** The subject's counters as live rates over the last 30 seconds, one chart per family. */
export function ChartsView({ serverId, subject }: { serverId: string; subject: Subject }) {
  if (!subject.runs) {
    return <p className="muted">This guest does not run in this build, so nothing is counted.</p>;
  }
  return (
    <>
      {HOST_OS_KINDS.has(subject.kind) && <HostNote />}
      <div className="live-charts">
        {chartsFor(subject.kind).map((spec) => (
          <LiveChart key={spec.family} serverId={serverId} subject={subject} spec={spec} />
        ))}
      </div>
    </>
  );
}
