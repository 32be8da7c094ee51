// Every insert and update of a task is announced on `unstuck_task_changes`, at commit, once per
// changed row; a rolled-back write announces nothing.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { NOTIFY_CHANNEL, type TaskChangeNotice } from '../src/index';
import { ALICE, asService, noPostgres, runningTask, submit, useTestDatabase } from './support';

function collect(listener: pg.Client): TaskChangeNotice[] {
  const notices: TaskChangeNotice[] = [];
  listener.on('notification', (message) => {
    if (message.channel === NOTIFY_CHANNEL && message.payload) notices.push(JSON.parse(message.payload));
  });
  return notices;
}

/** Waits until a round trip through the listener's connection has delivered pending notices. */
async function settle(listener: pg.Client): Promise<void> {
  await listener.query('select 1');
}

describe.skipIf(noPostgres)('change notifications on PostgreSQL', () => {
  const t = useTestDatabase('notify');

  it('announces submit, claim, heartbeat and completion with the row summary', async () => {
    const listener = await t.connect();
    await listener.query(`listen ${NOTIFY_CHANNEL}`);
    const notices = collect(listener);
    const task = await runningTask(t.admin, ALICE);
    await asService(t.admin, 'public.heartbeat_task($1, 1, 0.5)', [task.id]);
    await asService(t.admin, 'public.complete_task($1, 1)', [task.id]);
    await settle(listener);
    expect(notices.map((n) => n.status)).toEqual(['pending', 'processing', 'processing', 'completed']);
    expect(notices[0]).toMatchObject({ id: task.id, user_id: ALICE, type: 'report' });
    expect(Object.keys(notices[0]!).sort()).toEqual(['id', 'status', 'type', 'updated_at', 'user_id']);
    expect(new Date(notices[3]!.updated_at).getTime()).toBeGreaterThanOrEqual(
      new Date(notices[0]!.updated_at).getTime(),
    );
  });

  it('announces nothing for a rolled-back write', async () => {
    const listener = await t.connect();
    await listener.query(`listen ${NOTIFY_CHANNEL}`);
    const notices = collect(listener);
    await t.admin.query('begin');
    await t.admin.query("insert into public.tasks (user_id, type) values ($1, 'report')", [ALICE]);
    await t.admin.query('rollback');
    await submit(t.admin, ALICE, 'default');
    await settle(listener);
    expect(notices.map((n) => n.type)).toEqual(['default']);
  });
});
