// Overrides often come from a translation table that lacks some keys (`t('states.processing')`
// gives undefined): a missing string keeps the default, at the top level and inside the nested
// groups alike, rather than rendering "undefined" or an empty heading.
import { render, screen } from '@testing-library/react';
import { defaultMessages, mergeMessages, TaskCard, TaskMessagesProvider } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { states } from '../stories/fixtures';

// What a lookup in a table without the key gives.
const missing: string | undefined = undefined;

describe('message overrides with missing keys', () => {
  it('keep the default for an undefined string inside a nested group', () => {
    const merged = mergeMessages(defaultMessages, { states: { processing: missing, failed: 'Fehlgeschlagen' }, reasons: { no_heartbeat: missing } });
    expect(merged.states.processing).toBe('Running');
    expect(merged.states.failed).toBe('Fehlgeschlagen');
    expect(merged.reasons.no_heartbeat).toBe(defaultMessages.reasons.no_heartbeat);
  });

  it('keep the defaults for a whole group given as null', () => {
    const merged = mergeMessages(defaultMessages, { states: null as never });
    expect(merged.states).toEqual(defaultMessages.states);
  });

  it('never render "undefined" or an empty warning heading', () => {
    render(
      <TaskMessagesProvider messages={{ cancel: missing, states: { processing: missing }, warningTitle: { stuck: missing } }}>
        <TaskCard status={states.stuckProcessing} />
      </TaskMessagesProvider>,
    );
    expect(screen.getByRole('article').textContent).not.toContain('undefined');
    expect(screen.getByText('Running · stuck')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'This task seems stuck' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });
});
