// Which methods the contract serves at a path, decided from the path alone (before the session is
// read): a known route asked with another method is answered 405 with `Allow`, a path with no route
// at all 404. HEAD is served wherever GET is (the handler answers it as a GET without the body).

const READ = ['GET', 'HEAD'] as const;
const READ_AND_SUBMIT = ['GET', 'HEAD', 'POST'] as const;
const ACTION = ['POST'] as const;

/**
 * The methods served at the path segments below the base (decoded, or as they are where they are
 * not valid percent-encoding), or null when no route is there. The action decides, never the id:
 * `/v2/time` (a baseUrl one segment off) is no route, while `/not-an-id/cancel` and `/%ZZ/cancel`
 * are the cancel route with a malformed id (400 once the method is right).
 * @example allowedMethods(['time']) // ['GET', 'HEAD']
 */
export function allowedMethods(segments: readonly string[]): readonly string[] | null {
  const [first, action, ...extra] = segments;
  if (extra.length > 0) return null;
  if (first === undefined) return READ_AND_SUBMIT;
  if (action === undefined) return first === 'thresholds' || first === 'time' || first === 'stream' ? READ : null;
  if (action === 'events') return READ;
  return action === 'cancel' || action === 'retry' ? ACTION : null;
}
