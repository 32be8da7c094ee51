// The run's deterministic parts: the PRNG, the plans a seed produces, the command line.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/options';
import { createPrng } from '../src/prng';
import { FAULT_KINDS, planTask, userIds } from '../src/scenario';

describe('prng', () => {
  it('repeats for a seed and stream, and differs across streams', () => {
    const a = createPrng(9, 1);
    const b = createPrng(9, 1);
    const c = createPrng(9, 2);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws weighted keys in proportion', () => {
    const rng = createPrng(3);
    let heavy = 0;
    for (let i = 0; i < 10_000; i += 1) if (rng.weighted({ heavy: 9, light: 1 }) === 'heavy') heavy += 1;
    expect(heavy).toBeGreaterThan(8_700);
    expect(heavy).toBeLessThan(9_300);
  });

  it('makes UUID-shaped ids', () => {
    expect(createPrng(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('plans', () => {
  it('gives task N the same plan for the same seed whatever else happened', () => {
    expect(planTask(5, 17, 40, false)).toEqual(planTask(5, 17, 40, false));
    expect(userIds(5, 3)).toEqual(userIds(5, 3));
  });

  it('draws every fault kind over a few thousand tasks, and no runaway late in the run', () => {
    const seen = new Set(Array.from({ length: 3_000 }, (_, n) => planTask(1, n, 40, false).fault));
    expect([...seen].sort()).toEqual([...FAULT_KINDS].sort());
    const late = new Set(Array.from({ length: 3_000 }, (_, n) => planTask(1, n, 40, true).fault));
    expect(late.has('runaway')).toBe(false);
  });
});

describe('parseArgs', () => {
  it('reads the flags', () => {
    const o = parseArgs(['--duration', '45', '--seed', '0', '--users', '3', '--quiet']);
    expect(o).toMatchObject({ durationSec: 45, seed: 0, users: 3, verbose: false });
  });

  it('refuses unknown flags and bad numbers with the flag named', () => {
    expect(() => parseArgs(['--durration', '4'])).toThrow(/unknown option --durration/);
    expect(() => parseArgs(['--duration', 'soon'])).toThrow(/--duration needs a positive number/);
    expect(() => parseArgs(['--workers', '0'])).toThrow(/--workers/);
  });
});
