// TaskErrors made by another copy of the package (Next.js bundles pages and API routes apart):
// the `?copy` query makes Vite load src/core/errors.ts a second time, with its own TaskError class.
import { describe, expect, it } from 'vitest';
import { TaskError, isTaskError, isTaskErrorKind } from '../../src/core/errors';
import { toTaskError } from '../../src/react/derive';
import { createTaskHttpHandler } from '../../src/server';
import { createMemorySource } from '../../src/testing';

async function otherCopy(): Promise<typeof import('../../src/core/errors')> {
  // @ts-expect-error -- a query string gives a second module instance; TypeScript has no path for it
  return import('../../src/core/errors.ts?copy');
}

describe('TaskError across copies of the package', () => {
  it('recognises a TaskError from another copy, but not look-alikes', async () => {
    const other = await otherCopy();
    expect(other.TaskError).not.toBe(TaskError);
    const foreign = new other.TaskError('not_found', 'gone');
    expect(Object.getPrototypeOf(foreign)).not.toBe(TaskError.prototype);
    expect(isTaskError(foreign)).toBe(true);
    expect(foreign instanceof TaskError).toBe(true);
    expect(new TaskError('network', 'x') instanceof other.TaskError).toBe(true);
    expect(toTaskError(foreign)).toBe(foreign); // the hooks keep it, code and all

    expect(isTaskError(Object.assign(new Error('x'), { name: 'TaskError', code: 'not_a_code' }))).toBe(false);
    expect(isTaskError(Object.assign(new Error('x'), { code: 'not_found' }))).toBe(false);
    expect(isTaskError(null)).toBe(false);
    expect(isTaskErrorKind('server')).toBe(true);
    expect(isTaskErrorKind('teapot')).toBe(false);
  });

  it('lets the server handler answer a foreign not_found with 404, not 500', async () => {
    const other = await otherCopy();
    const source = createMemorySource();
    source.fetchEvents = async (id) => {
      throw new other.TaskError('not_found', `No task ${id}`);
    };
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => source });
    const id = '00000000-0000-4000-8000-000000000001';
    const response = await handler(new Request(`http://app.test/api/tasks/${id}/events`));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: `No task ${id}` } });

    source.fetchEvents = async () => {
      throw new Error('connection string with a password');
    };
    const hidden = await handler(new Request(`http://app.test/api/tasks/${id}/events`));
    expect(hidden.status).toBe(500);
    expect(await hidden.json()).toEqual({ error: { code: 'server', message: 'Internal server error' } });
    handler.close();
  });
});
