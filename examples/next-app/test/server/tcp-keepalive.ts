import { readFileSync } from 'node:fs';

/**
 * Seconds until the kernel's next TCP keepalive probe on the established socket whose local port
 * is `localPort` (a PostgreSQL client connection: the server sees it as `client_port`), or null
 * when that socket has no keepalive timer (keepalive off). Linux only: read from /proc/net/tcp,
 * where `tr` 2 is the socket's keepalive timer and `tm->when` its remaining time in 1/100 s.
 */
export function keepaliveTimerSeconds(localPort: number): number | null {
  const port = localPort.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state, , timer] = line.trim().split(/\s+/);
      if (!local?.endsWith(`:${port}`) || state !== '01') continue; // 01: ESTABLISHED
      const [active, when] = (timer ?? '').split(':');
      return active === '02' ? Number.parseInt(when ?? '', 16) / 100 : null;
    }
  }
  throw new Error(`no established TCP socket with local port ${localPort}`);
}
