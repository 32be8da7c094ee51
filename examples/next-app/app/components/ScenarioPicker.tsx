'use client';

import { SCENARIOS, type ScenarioId } from '../../lib/scenarios';

export interface ScenarioPickerProps {
  value: ScenarioId;
  onChange(value: ScenarioId): void;
}

/** A radio group: each scenario with one sentence saying what the simulated worker will do. */
export function ScenarioPicker({ value, onChange }: ScenarioPickerProps) {
  return (
    <fieldset className="scenarios">
      <legend>1. What should the simulated worker do?</legend>
      {SCENARIOS.map((scenario) => (
        <label key={scenario.id} className="scenario" data-selected={scenario.id === value || undefined}>
          {/* autoComplete off: going Back to a page loaded anew, the browser would restore the radio
              the user last checked while the picker's state starts at the default again, so
              one scenario showed checked and another ran. */}
          <input
            type="radio"
            autoComplete="off"
            name="scenario"
            value={scenario.id}
            checked={scenario.id === value}
            onChange={() => onChange(scenario.id)}
          />
          <span>
            <strong>{scenario.label}</strong>
            <span className="hint">{scenario.description}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
