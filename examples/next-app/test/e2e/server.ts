import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_DIR } from './env';

export interface RunningApp {
  url: string;
  /** Milliseconds from spawning `next start` to the first 200 for `/`. */
  coldStartMs: number;
  /** Everything the server printed, for failure messages. */
  output(): string;
  /** Sends `signal` to the server and resolves with whether it exited within `withinMs`. */
  signal(signal: NodeJS.Signals, withinMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPage(url: string, child: ChildProcess, log: () => string, timeoutMs: number, ready: (status: number) => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (ready(response.status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ready answer from ${url} within ${timeoutMs} ms:\n${log()}`);
}

/**
 * `next start -H 127.0.0.1 -p <free port>` on the production build, with a fresh PGlite data
 * folder (or the given env, e.g. DATABASE_URL). Resolves once `/` answers 200, or any status that
 * `ready` accepts (a server whose database is misconfigured is up when it answers 500).
 */
export async function startApp(env: Record<string, string> = {}, ready: (status: number) => boolean = (status) => status === 200): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'unstuck-next-e2e-'));
  let output = '';
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(APP_DIR, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: APP_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', UNSTUCK_DATA_DIR: join(dataDir, 'pglite'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    // UNSTUCK_E2E_SERVER_LOG=<file>: keep what the server printed, to read after a failure.
    if (process.env.UNSTUCK_E2E_SERVER_LOG) appendFileSync(process.env.UNSTUCK_E2E_SERVER_LOG, output);
  };
  try {
    await waitForPage(`${url}/`, child, () => output, 60_000, ready);
  } catch (error) {
    await stop();
    throw error;
  }
  const signal = async (name: NodeJS.Signals, withinMs: number) => {
    if (child.exitCode !== null) return true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(name);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, withinMs))]);
    return child.exitCode !== null || child.signalCode !== null;
  };
  return { url, coldStartMs: Date.now() - started, output: () => output, signal, stop };
}
