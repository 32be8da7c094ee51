'use client';

import { useState } from 'react';
import { DEMO_TASK_TYPES } from '../../lib/demo-types';
import { DEFAULT_SCENARIO, type ScenarioId } from '../../lib/scenarios';
import { GeneratorSlot } from './GeneratorSlot';
import { ScenarioPicker } from './ScenarioPicker';

/** The scenario picker and one slot per demo task type. */
/** `initial`: each type's latest task id as the server found it (null: a type has none), or null when the server could not look (Supabase mode). */
export function Generator({ initial }: { initial: Record<string, string | null> | null }) {
  const [scenario, setScenario] = useState<ScenarioId>(DEFAULT_SCENARIO);
  return (
    <>
      <div className="panel">
        <ScenarioPicker value={scenario} onChange={setScenario} />
      </div>
      <h2 className="step">2. Start a task</h2>
      <p className="note">
        One task per type may be active at a time: pressing again while one runs shows that one instead, and a stuck one
        is stopped and replaced.
      </p>
      <div className="generators">
        {DEMO_TASK_TYPES.map((type) => (
          <GeneratorSlot key={type.type} type={type} scenario={scenario} initialTaskId={initial ? (initial[type.type] ?? null) : undefined} />
        ))}
      </div>
    </>
  );
}
