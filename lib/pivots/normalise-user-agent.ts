// IIS writes the spaces of a user agent as "+", and web_requests keeps it exactly as logged.
// Analysts paste it either way (from the log, or from a report that turned "+" into spaces, as the
// notebook's summary does), so every pivot turns spaces into "+" before querying. A user agent
// that holds both is matched as given with its spaces turned into "+": a "+" that IIS logged for
// a real "+" cannot be told apart from a space, and IIS makes the same choice when it writes.
export function normaliseUserAgent(userAgent: string): string {
  return userAgent.replaceAll(" ", "+");
}
