import { validateLab } from '../../../workers/lab-model';
import { useLabStore } from '../../store';
import { openLab } from '../keep/open-lab';
import { Dialog } from '../lab/Dialog';
import { SCENARIOS, type Scenario } from './scenarios';

/** The built-in scenarios; opening one replaces the lab (the old one can be saved first). */
export function ScenariosDialog() {
  const closeDialog = useLabStore((state) => state.closeDialog);
  const open = (scenario: Scenario) => {
    if (openLab(validateLab(scenario.lab), `the scenario “${scenario.title}”`)) closeDialog();
  };
  return (
    <Dialog title="Scenarios" wide>
      <p className="muted">
        Each scenario is a lab set up for one lesson. Opening one replaces your lab: save it first
        if you want to keep it.
      </p>
      <ul className="scenario-list">
        {SCENARIOS.map((scenario) => (
          <li key={scenario.id}>
            <button type="button" className="scenario" onClick={() => open(scenario)}>
              <span className="scenario-title">{scenario.title}</span>
              <span className="scenario-description">{scenario.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
