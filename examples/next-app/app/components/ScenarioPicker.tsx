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
          <input
            type="radio"
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
