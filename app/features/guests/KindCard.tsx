import { GUEST_KIND_FACTS, RUNNABLE_GUEST_KINDS, type GuestKind } from '../../../workers/lab-model';
import { InlineCode } from './InlineCode';
import { KIND_GUIDES } from './kind-guide';

/**
 * One kind of guest, explained: what it is, what it is good and bad at, what to try. A kind the
 * server cannot host is shown all the same, disabled, with the engine's reason.
 */
export function KindCard({
  kind,
  refusal,
  onChoose,
}: {
  kind: GuestKind;
  refusal: string | undefined;
  onChoose(kind: GuestKind): void;
}) {
  const guide = KIND_GUIDES[kind];
  const facts = GUEST_KIND_FACTS[kind];
  const headingId = `kind-${kind}-title`;
  const reasonId = `kind-${kind}-reason`;
  return (
    <article
      className={`kind-card${refusal ? ' kind-card-refused' : ''}`}
      aria-labelledby={headingId}
      data-testid={`kind-${kind}`}
    >
      <header>
        <h3 id={headingId}>
          <span className="kind-tag">{kind}</span> {guide.title}
        </h3>
        {!RUNNABLE_GUEST_KINDS.has(kind) && (
          <p className="badge badge-warn kind-availability">not available in this build yet</p>
        )}
      </header>
      <p>{guide.what}</p>
      <div className="kind-columns">
        <div>
          <h4>Advantages</h4>
          <ul>
            {guide.advantages.map((text) => (
              <li key={text}>
                <InlineCode text={text} />
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4>Limitations</h4>
          <ul>
            {guide.limitations.map((text) => (
              <li key={text}>
                <InlineCode text={text} />
              </li>
            ))}
          </ul>
        </div>
      </div>
      <p className="kind-try">
        <strong>Try:</strong> <InlineCode text={guide.tryThis} />
      </p>
      <p className="muted kind-facts">
        Boots {facts.defaultImage === 'rootfs' ? 'no kernel of its own' : facts.defaultImage} · at
        least {facts.minMemoryMiB} MiB
        {facts.needsHardwareVirtualization ? ' · needs hardware virtualization' : ''}
      </p>
      {refusal && (
        <p className="kind-refusal" id={reasonId} role="note">
          {refusal}
        </p>
      )}
      <button
        type="button"
        className="button button-primary"
        disabled={!!refusal}
        aria-describedby={refusal ? reasonId : undefined}
        onClick={() => onChoose(kind)}
      >
        Choose {kind}
      </button>
    </article>
  );
}
