import { TaskError } from '@unstuck/task-hooks/core';
import { describe, expect, test } from 'vitest';
import { isUnavailableForNow } from '../../lib/client/listing';

// The history's list read is retried without limit only while the server says it will recover:
// retried on a 500 (an outdated schema, a misconfigured database), it polled every 10 s for good
// and told the user it was "trying again on its own".
describe('isUnavailableForNow', () => {
  test('is true for no answer at all and for a 502, 503 or 504; false for a 500 and every other error', () => {
    const cases: Array<[string, unknown, boolean]> = [
      ['offline, the server down', new TaskError('network', 'x'), true],
      ['the database down (503)', new TaskError('server', 'x', { status: 503 }), true],
      ['a gateway without its backend (502)', new TaskError('server', 'x', { status: 502 }), true],
      ['a gateway timeout (504)', new TaskError('server', 'x', { status: 504 }), true],
      ['an outdated schema (500)', new TaskError('server', 'x', { status: 500 }), false],
      ['a server error with no status', new TaskError('server', 'x'), false],
      ['signed out', new TaskError('unauthorized', 'x', { status: 401 }), false],
      ['a malformed answer', new TaskError('protocol', 'x', { status: 503 }), false],
      ['not a TaskError', new Error('x'), false],
    ];
    expect(cases.map(([name, error]) => [name, isUnavailableForNow(error)])).toEqual(cases.map(([name, , expected]) => [name, expected]));
  });
});
