import { numberOption } from '../sources/number-option';

/**
 * A delay option for a timer: as `numberOption`, and its default from 2 ** 31 ms (24.8 days) on,
 * where `setTimeout` / `setInterval` overflow and fire after 1 ms instead (a ping interval that
 * long pinged every open stream every millisecond). NaN compares false here too: the default.
 * @example timerOption(2 ** 31, 15_000, 1) // 15000
 */
export const timerOption = (value: number | undefined, fallback: number, min = 0): number =>
  (value ?? fallback) < 2 ** 31 ? numberOption(value, fallback, min) : fallback;
