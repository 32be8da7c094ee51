import type { TaskMessages } from '../messages';
import type { DisplayState, HealthState } from '../types';

/** Joins class names, skipping empty ones. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}

/** A state's label with its health, "Running · stuck": the badge's text and the card's announcement. */
export function stateLabel(messages: TaskMessages, state: DisplayState, health: HealthState | undefined): string {
  return messages.states[state] + (health === 'slow' || health === 'stuck' ? ` · ${messages.health[health]}` : '');
}

export type HeadingLevel = 2 | 3 | 4 | 5 | 6;

/** A heading tag for a level, clamped to h2..h6 so bad input still renders a heading. */
export function headingTag(level: number | undefined, fallback: HeadingLevel): `h${HeadingLevel}` {
  // Number.isInteger is false for anything that is not a number, so no typeof check is needed.
  const n = Number.isInteger(level) ? Math.min(6, Math.max(2, level!)) : fallback;
  return `h${n as HeadingLevel}`;
}
