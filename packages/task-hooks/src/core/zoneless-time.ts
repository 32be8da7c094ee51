// Timestamp text without a zone, which the parsers refuse: a browser reads such text in its own
// zone, so a client east or west of the server would be off by hours. Not exported from `/core`.

/** A date and time with nothing after: what a database prints for a `timestamp` (not `timestamptz`) column. */
export const ZONELESS_TIME = /^[\d-]+[t ][\d:.]+$/i;
