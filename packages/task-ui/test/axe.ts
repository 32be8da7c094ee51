import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe-core on a rendered element. Colour contrast is left to the browser pass
 * (scripts/screenshots.mjs): jsdom computes no styles, so axe cannot judge it here.
 */
export async function expectNoAxeViolations(element: Element): Promise<void> {
  const results = await axe.run(element, { rules: { 'color-contrast': { enabled: false } } });
  const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(found).toEqual([]);
}
