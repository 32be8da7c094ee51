/**
 * `pathname` with the `%` of every segment that is not valid percent-encoding escaped (`%E0%A4%A`
 * → `%25E0%25A4%25A`, which decodes to the text as sent), or null when every segment decodes.
 *
 * Next decodes a dynamic route's params after proxy.ts has run and before any route code does; on
 * such a segment it threw and answered a bare text 500 (`/tasks/%E0%A4%A`, `/api/tasks/%ZZ/cancel`).
 * Rewritten this way, the route gets the segment as text and answers it as any malformed id: the
 * task page's 404, the API's 400 (or its 404 / 405, chosen by the action as for any id).
 * @example escapeUndecodable('/tasks/%E0%A4%A') // '/tasks/%25E0%25A4%25A'
 */
export function escapeUndecodable(pathname: string): string | null {
  let escaped = false;
  const segments = pathname.split('/').map((segment) => {
    try {
      decodeURIComponent(segment);
      return segment;
    } catch {
      escaped = true;
      return segment.replaceAll('%', '%25');
    }
  });
  return escaped ? segments.join('/') : null;
}
