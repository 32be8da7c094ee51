/** How many of the user's newest tasks /history shows (listed by the server, or by the browser in Supabase mode). */
export const HISTORY_LIMIT = 50;
