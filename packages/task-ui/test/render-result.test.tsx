// `renderResult` is a render function: what it returns is what the card shows under "Result".
// Returning nothing (null, false: `result.url && <a …/>`) means there is nothing to show, so no
// "Result" label either; returning undefined keeps the default text.
import { render, screen } from '@testing-library/react';
import { TaskCard } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { states } from '../stories/fixtures';

const resultBlock = () => screen.getByRole('article').querySelector('.unstuck-result');

describe('TaskCard renderResult', () => {
  it('shows what it renders under the label', () => {
    render(<TaskCard status={states.completed} renderResult={() => <a href="/r/42">Open the image</a>} />);
    expect(resultBlock()?.textContent).toBe('ResultOpen the image');
  });

  it.each([['null', null], ['false', false]])('returning %s shows no empty "Result" block', (_, nothing) => {
    render(<TaskCard status={states.completed} renderResult={() => nothing} />);
    expect(resultBlock()).toBeNull();
    expect(screen.queryByText('Result')).toBeNull();
    // The rest of the outcome stays.
    expect(screen.getByText('Took 3 minutes')).toBeTruthy();
  });

  it('shows a number it returns, 0 too', () => {
    render(<TaskCard status={states.completed} renderResult={() => 0} />);
    expect(resultBlock()?.textContent).toBe('Result0');
  });

  it('returning undefined keeps the default text', () => {
    render(<TaskCard status={states.completed} renderResult={() => undefined} />);
    expect(resultBlock()?.textContent).toBe('Result{"url":"https://example.com/render/42.png","width":1024}');
  });
});
