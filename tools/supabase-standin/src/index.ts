export { startStandin, type Standin, type StandinOptions } from './server';
export type { IssuedSession } from './auth';
export type { JoinFault } from './realtime';
export { signJwt, verifyJwt, type JwtClaims } from './jwt';
