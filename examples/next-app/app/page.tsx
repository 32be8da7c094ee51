import { cookies } from 'next/headers';
import { USER_COOKIE, parseUserId } from '../lib/identity';
import { getRuntime } from '../lib/server/runtime';

export const dynamic = 'force-dynamic';

export default async function Page() {
  const userId = parseUserId((await cookies()).get(USER_COOKIE)?.value);
  const runtime = await getRuntime();
  const thresholds = userId ? await runtime.sourceFor(userId).fetchThresholds() : {};
  return <pre>{JSON.stringify({ userId, thresholds }, null, 2)}</pre>;
}
