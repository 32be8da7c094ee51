// The peer-floor run is only worth something if the floor copies are the ones loaded, by our
// components, task-hooks and Testing Library alike: one React 18.2 (two would throw on a hook).
import queryPackage from '@tanstack/react-query/package.json';
import { render, screen, waitFor } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { version as reactVersion } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { expect, it } from 'vitest';

it('renders a connected card with React 18.2.0 and TanStack Query 5.60.2', async () => {
  expect([reactVersion, reactDomVersion, queryPackage.version]).toEqual(['18.2.0', '18.2.0', '5.60.2']);
  const source = createMemorySource({ realtime: false });
  const { task } = await source.submit('export', {});
  render(
    <TaskProvider source={source}>
      <ConnectedTaskCard taskId={task.id} />
    </TaskProvider>,
  );
  await waitFor(() => expect(screen.getByRole('article').dataset.state).toBe('pending'));
});
