import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultMessages, mergeMessages, TaskCard, TaskMessagesProvider, TaskStatusBadge } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

describe('messages', () => {
  it('replaces strings from a provider, nested groups key by key', () => {
    render(
      <TaskMessagesProvider messages={{ cancel: 'Abbrechen', states: { processing: 'Läuft' }, title: () => 'Bild' }}>
        <TaskCard status={states.processingWithProgress} />
      </TaskMessagesProvider>,
    );
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Bild' })).toBeTruthy();
    expect(screen.getByText('Läuft')).toBeTruthy();
  });

  it('lets a component prop win over the provider, and inner providers over outer ones', () => {
    render(
      <TaskMessagesProvider messages={{ states: { completed: 'Outer' } }}>
        <TaskMessagesProvider messages={{ states: { failed: 'Inner failed' } }}>
          <TaskStatusBadge state="completed" data-testid="a" />
          <TaskStatusBadge state="failed" data-testid="b" />
          <TaskStatusBadge state="completed" messages={{ states: { completed: 'Prop' } }} data-testid="c" />
        </TaskMessagesProvider>
      </TaskMessagesProvider>,
    );
    expect(screen.getByTestId('a').textContent).toBe('Outer');
    expect(screen.getByTestId('b').textContent).toBe('Inner failed');
    expect(screen.getByTestId('c').textContent).toBe('Prop');
  });

  it('covers every reason, verdict and state in the defaults', () => {
    expect(Object.keys(defaultMessages.reasons).sort()).toEqual(['cancel_not_acknowledged', 'no_heartbeat', 'not_picked_up', 'running_too_long']);
    expect(Object.keys(defaultMessages.verdicts).sort()).toEqual(['cancel_timeout', 'heartbeat_timeout', 'max_runtime', 'pending_timeout']);
    expect(Object.keys(defaultMessages.states)).toHaveLength(10);
  });

  it('merges without touching the defaults', () => {
    const merged = mergeMessages(defaultMessages, { reasons: { no_heartbeat: 'Silent.' } });
    expect(merged.reasons.no_heartbeat).toBe('Silent.');
    expect(merged.reasons.not_picked_up).toBe(defaultMessages.reasons.not_picked_up);
    expect(defaultMessages.reasons.no_heartbeat).not.toBe('Silent.');
  });

  it('falls back to English formatting for an invalid locale', () => {
    render(<TaskCard status={states.completed} messages={{ locale: 'not a locale!!' }} />);
    expect(screen.getByText('Took 3 minutes')).toBeTruthy();
  });

  it('humanises the task type for the default title', () => {
    render(<TaskCard status={{ ...states.pending, task: { ...states.pending.task, type: 'pdf-export_v2' } }} />);
    expect(screen.getByRole('heading', { name: 'Pdf export v2' })).toBeTruthy();
  });
});
