// Long texts are clipped in JS. A character outside the Basic Multilingual Plane (an emoji, many
// CJK extension ideographs) is two UTF-16 units: a cut between them leaves half a character,
// which the page shows as "�" just before the ellipsis. What a reader sees as one character may
// be several code points (a family emoji joined by ZWJs, a flag's two regional indicators): a cut
// between them left a lone woman or a letter in a box.
import { render, screen } from '@testing-library/react';
import { TaskCard, TaskProgress } from '@unstuck/task-ui';
import { afterEach, describe, expect, it } from 'vitest';
import { badInput, states } from '../stories/fixtures';

/** A high surrogate with no low one after it, or a low one with no high one before it. */
const LONE_HALF = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('clipping long text', () => {
  it('never cuts an emoji in half in an error message', () => {
    const failed = badInput.errorWithoutMessage;
    render(<TaskCard status={{ ...failed, task: { ...failed.task, error_message: '📦'.repeat(500) } }} />);
    const text = screen.getByRole('article').textContent!;
    expect(text).toContain('…');
    expect(text).not.toMatch(LONE_HALF);
  });

  it('counts characters, not UTF-16 units: 300 emoji under the 400-character limit are not clipped', () => {
    const failed = badInput.errorWithoutMessage;
    render(<TaskCard status={{ ...failed, task: { ...failed.task, error_message: '📦'.repeat(300) } }} />);
    expect(screen.getByText('📦'.repeat(300))).toBeTruthy();
  });

  it('still shows an error code that is not a string', () => {
    const failed = badInput.errorWithoutMessage;
    render(<TaskCard status={{ ...failed, task: { ...failed.task, error_code: 503 as never } }} />);
    expect(screen.getByText('Code: 503')).toBeTruthy();
  });

  it('never cuts an emoji in half in a progress message, whatever the offset', () => {
    for (const lead of ['', 'x']) {
      const { unmount } = render(<TaskProgress status={states.processingWithoutProgress} message={lead + '🚀'.repeat(150)} />);
      expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).not.toMatch(LONE_HALF);
      unmount();
    }
  });
});

const FAMILY = '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}'; // 👩‍👩‍👧: five code points, one character
const FLAG = '\u{1F1E9}\u{1F1EA}'; // 🇩🇪: two regional indicators, one character

/** The error message a failed card shows for `message` (clipped at 400 characters). */
function shownError(message: string): string {
  const failed = badInput.errorWithoutMessage;
  const { container, unmount } = render(<TaskCard status={{ ...failed, task: { ...failed.task, error_message: message } }} />);
  const text = container.querySelector('.unstuck-error-message')!.textContent!;
  unmount();
  return text;
}

describe('clipping long text between whole characters', () => {
  const segmenter = Intl.Segmenter;
  afterEach(() => {
    Object.defineProperty(Intl, 'Segmenter', { value: segmenter, configurable: true, writable: true });
  });

  // Whatever the offset, the clip falls before or after a whole family, never inside one.
  for (const lead of ['', 'x', 'xx', 'xxx', 'xxxx']) {
    it(`never splits a ZWJ emoji sequence (after "${lead}")`, () => {
      const whole = Math.floor((399 - lead.length) / 5);
      expect(shownError(lead + FAMILY.repeat(200))).toBe(`${lead}${FAMILY.repeat(whole)}…`);
    });
  }

  for (const lead of ['', 'x']) {
    it(`never splits a flag (after "${lead}")`, () => {
      expect(shownError(lead + FLAG.repeat(300))).toBe(`${lead}${FLAG.repeat(199)}…`);
    });
  }

  // The cut is found by a regular expression, not Intl.Segmenter: the same with it or without (a
  // browser without it hydrating a server's page had a different cut, and hydration failed).
  it('clips between whole characters where Intl.Segmenter is missing (an older browser) too', () => {
    Object.defineProperty(Intl, 'Segmenter', { value: undefined, configurable: true, writable: true });
    expect(shownError(FLAG.repeat(300))).toBe(`${FLAG.repeat(199)}…`);
    expect(shownError(`x${FAMILY.repeat(200)}`)).toBe(`x${FAMILY.repeat(79)}…`);
  });

  /** Where Intl.Segmenter would cut `message` at 400 characters: its last whole grapheme before. */
  function segmenterClip(message: string): string {
    const head = Array.from(message).slice(0, 400).join('');
    const graphemes = Array.from(new Intl.Segmenter().segment(head), (g) => g.segment);
    return `${graphemes.slice(0, -1).join('')}…`;
  }

  const samples: Record<string, string> = {
    'combining marks': 'e\u0301\u0323',
    'a skin tone': '\u{1F44D}\u{1F3FD}',
    'a ZWJ sequence with a skin tone': '\u{1F9D1}\u{1F3FD}\u200D\u{1F4BB}',
    'a ZWJ sequence with a variation selector': '\u2764\uFE0F\u200D\u{1F525}',
    'a keycap': '#\uFE0F\u20E3',
    'Hangul syllables': '\uD55C\uAD6D\uC5B4 ',
  };
  for (const [name, sample] of Object.entries(samples)) {
    it(`cuts ${name} where Intl.Segmenter would, at every offset`, () => {
      for (let lead = 0; lead < Array.from(sample).length; lead++) {
        const message = 'x'.repeat(lead) + sample.repeat(400);
        expect(shownError(message)).toBe(segmenterClip(message));
      }
    });
  }
});
