// Runs a command and, when it fails, throws an error that says which command, where, and what it
// printed: a consumer test that only says "exit code 1" sends the reader back to reproduce it.
import { spawnSync } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Return instead of throwing on a non-zero exit (the caller decides, e.g. to fall back). */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult & { status: number | null },
  ) {
    super(
      `\`${command}\` failed (exit ${result.status}) after ${result.ms} ms\n` +
        `--- stdout ---\n${result.stdout.trim()}\n--- stderr ---\n${result.stderr.trim()}`,
    );
    this.name = 'CommandError';
  }
}

export function run(command: string, args: string[], options: RunOptions): RunResult & { status: number | null } {
  const started = Date.now();
  const child = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = {
    stdout: child.stdout ?? '',
    stderr: (child.stderr ?? '') + (child.error ? `\n${child.error.message}` : ''),
    ms: Date.now() - started,
    status: child.status,
  };
  if (result.status !== 0 && !options.allowFailure) {
    throw new CommandError(`${command} ${args.join(' ')}  (in ${options.cwd})`, result);
  }
  return result;
}

/**
 * The pnpm that runs this process (`npm_execpath` under `pnpm test`), else pnpm on PATH, as
 * tools/ci/run-tests.mjs does: under `npx pnpm …` there is no pnpm on PATH.
 */
export function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return { command: process.execPath, prefix: [execPath] };
  return { command: 'pnpm', prefix: [] };
}

export function pnpm(args: string[], options: RunOptions) {
  const { command, prefix } = pnpmCommand();
  return run(command, [...prefix, ...args], options);
}
