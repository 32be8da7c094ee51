/**
 * Calls while one is out share its answer: a double click (two calls before the first re-render
 * disables the button) sends one request, not a second retry or submit that would start a second
 * task. The arguments of a call that joins are not used.
 */
export function shared<A extends unknown[], T>(run: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return (...args) =>
    (inFlight ??= run(...args).finally(() => {
      inFlight = undefined;
    }));
}
