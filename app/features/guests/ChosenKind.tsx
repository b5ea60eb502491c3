import { RUNNABLE_GUEST_KINDS, type GuestKind } from '../../../workers/lab-model';
import { KIND_GUIDES } from './kind-guide';

/**
 * The kind chosen on the cards, with the way back to them, the engine's issues with it (a kind
 * the chosen server cannot host) and, plainly, whether this build can run it.
 */
export function ChosenKind({
  kind,
  errors = [],
  onChange,
}: {
  kind: GuestKind;
  errors?: readonly string[] | undefined;
  onChange(): void;
}) {
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`} data-field="kind">
      <p className="field-label">Kind</p>
      <p className="kind-chosen">
        <span className="kind-tag">{kind}</span> {KIND_GUIDES[kind].title}{' '}
        <button type="button" className="button button-small" onClick={onChange}>
          Change kind
        </button>
      </p>
      {errors.length > 0 && (
        <p className="field-error" role="alert" data-testid="error-kind">
          {errors.join('; ')}
        </p>
      )}
      {!RUNNABLE_GUEST_KINDS.has(kind) && (
        <p className="field-hint">
          Not available in this build yet: the guest is kept in your lab, its file and its link, but
          it cannot run here until its platform lands.
        </p>
      )}
    </div>
  );
}
