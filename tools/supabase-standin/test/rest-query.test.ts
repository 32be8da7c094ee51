import { describe, expect, it } from 'vitest';
import { verifyJwt, signJwt } from '../src/jwt';
import { bindingMatches, filterAdmits, readBindings } from '../src/realtime-bindings';
import { RestError } from '../src/rest-errors';
import { readStatement, rpcStatement, splitList } from '../src/rest-query';

describe('PostgREST query subset', () => {
  it('turns filters, order and limit into one parameterised statement', () => {
    const statement = readStatement('tasks', new URLSearchParams('select=*&id=in.(a,b)&status=eq.pending&order=created_at.desc.nullslast&limit=5'));
    expect(statement.text).toContain('from public."tasks" where "id" in ($1, $2) and "status" = $3 order by "created_at" desc nulls last limit 5');
    expect(statement.values).toEqual(['a', 'b', 'pending']);
  });

  it('refuses identifiers and operators outside the subset instead of ignoring them', () => {
    expect(() => readStatement('tasks; drop table x', new URLSearchParams())).toThrow(RestError);
    expect(() => readStatement('tasks', new URLSearchParams('name=ilike.*x*'))).toThrow(/outside the stand-in/);
    expect(() => readStatement('tasks', new URLSearchParams('limit=-1'))).toThrow(/non-negative/);
  });

  it('passes rpc arguments by name, objects as JSON text', () => {
    expect(rpcStatement('submit_task', { p_type: 'report', p_payload: { a: 1 } })).toEqual({
      text: 'select to_jsonb(public."submit_task"("p_type" := $1, "p_payload" := $2)) as body',
      values: ['report', '{"a":1}'],
    });
  });

  it('splits in-lists on commas outside quotes', () => {
    expect(splitList('a,"b,c",d')).toEqual(['a', 'b,c', 'd']);
  });
});

describe('JWT and realtime bindings', () => {
  it('verifies signature, required claims and expiry', () => {
    const secret = 's'.repeat(32);
    const now = Math.floor(Date.now() / 1000);
    expect(verifyJwt(signJwt({ role: 'authenticated', sub: 'u', exp: now + 60 }, secret), secret)).toMatchObject({ ok: true });
    expect(verifyJwt(signJwt({ role: 'authenticated', exp: now - 5 }, secret), secret)).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyJwt(signJwt({ role: 'authenticated', exp: now + 60 }, 'other'.repeat(8)), secret)).toMatchObject({ ok: false, reason: 'signature' });
    expect(verifyJwt('a.b', secret)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('echoes bindings with a stable id and matches rows by event and filter', () => {
    const [binding] = readBindings({ postgres_changes: [{ event: '*', schema: 'public', table: 'tasks', filter: 'user_id=eq.u1' }] });
    expect(binding).toMatchObject({ event: '*', schema: 'public', table: 'tasks', filter: 'user_id=eq.u1' });
    expect(readBindings({ postgres_changes: [{ event: '*', schema: 'public', table: 'tasks', filter: 'user_id=eq.u1' }] })[0]?.id).toBe(binding!.id);
    const change = { schema: 'public', table: 'tasks', type: 'UPDATE', record: { user_id: 'u1' } };
    expect(bindingMatches(binding!, change)).toBe(true);
    expect(bindingMatches(binding!, { ...change, record: { user_id: 'u2' } })).toBe(false);
    expect(() => readBindings({ postgres_changes: [{ event: '*', schema: 'public', filter: 'a=like.x' }] })).toThrow(/outside/);
  });

  it('rules a change out from the notice alone only when the notice carries the filtered column', () => {
    const [binding] = readBindings({ postgres_changes: [{ event: '*', schema: 'public', table: 'tasks', filter: 'user_id=eq.u1' }] });
    expect(filterAdmits(binding!, { id: 't', user_id: 'u2' }, true)).toBe(false);
    expect(filterAdmits(binding!, { id: 't', user_id: 'u1' }, true)).toBe(true);
    // The notice lacks the column: the row must be read to decide.
    expect(filterAdmits(binding!, { id: 't' }, true)).toBe(true);
    expect(filterAdmits(binding!, { id: 't' }, false)).toBe(false);
  });
});
