// In a list of cards every bar was named "Progress": a screen reader said "Progress, 45%" for
// each, with nothing to tell which task it belonged to. A card's bar is named by the card's
// heading and its own label; a bar on its own keeps the label alone.
import { render, screen, within } from '@testing-library/react';
import { TaskAnnouncer, TaskCard, TaskProgress } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { states, videoExportWithProgress as videoExport } from '../stories/fixtures';
import { expectNoAxeViolations } from './axe';

const running = states.processingWithProgress;

describe("a progress bar's name", () => {
  it('tells apart the bars of two cards in a list, at the same percent', async () => {
    const { container } = render(
      <TaskAnnouncer>
        <TaskCard status={running} />
        <TaskCard status={videoExport} />
      </TaskAnnouncer>,
    );
    const bars = screen.getAllByRole('progressbar');
    expect(bars.map((bar) => bar.getAttribute('aria-valuetext'))).toEqual([running, videoExport].map(() => '45%, Rendering frame 45 of 100, Started 1 minute ago'));
    expect(screen.getByRole('progressbar', { name: 'Image generation Progress' })).toBe(bars[0]);
    expect(screen.getByRole('progressbar', { name: 'Video export Progress' })).toBe(bars[1]);
    await expectNoAxeViolations(container);
  });

  it('takes the text of a title given as markup, and the label in the card\'s words', () => {
    render(<TaskCard status={running} title={<><em>Nightly</em> render</>} messages={{ progressLabel: 'Fortschritt' }} />);
    expect(screen.getByRole('progressbar', { name: 'Nightly render Fortschritt' })).toBeTruthy();
  });

  it('is the label alone for a bar on its own, and for one a caller puts in the card', () => {
    render(
      <>
        <TaskProgress value={0.4} />
        <TaskCard status={running}><TaskProgress value={0.7} /></TaskCard>
      </>,
    );
    const [alone, inCard, extra] = screen.getAllByRole('progressbar');
    expect(within(document.body).getAllByRole('progressbar', { name: 'Progress' })).toEqual([alone, extra]);
    expect(inCard!.getAttribute('aria-labelledby')).not.toBeNull();
    // No id shared between the card's bar and the caller's.
    expect(extra!.id).toBe('');
  });
});
