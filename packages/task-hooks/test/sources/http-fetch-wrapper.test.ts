import { describe, expect, it } from 'vitest';
import { createHttpSource } from '../../src/sources/http';

describe('an app fetch wrapper that adds a header by spreading init.headers', () => {
  it('still sends content-type/accept on a POST', async () => {
    const seen: Array<Record<string, string>> = [];
    const real: typeof fetch = async (_input, init) => {
      seen.push(Object.fromEntries(new Headers(init?.headers)));
      return Response.json({ task: { id: '00000000-0000-4000-8000-000000000001', user_id: 'u', type: 't', status: 'pending', created_at: '2024-01-01T00:00:00Z' }, created: true, reapedTaskId: null }, { status: 201 });
    };
    const wrapper: typeof fetch = (input, init) => real(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: 'Bearer t' } });
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: wrapper, stream: false });
    await source.submit('t', {}).catch(() => undefined);
    expect(seen[0]).toMatchObject({ 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer t' });
  });
});
