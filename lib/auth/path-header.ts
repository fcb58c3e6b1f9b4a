/** Request header in which proxy.ts passes the requested path and query to layouts and pages. */
export const PATH_HEADER = "x-shellcase-path";
