// What went wrong talking to a workspace, in words an admin can act on. Every failure of the
// query client (RestError, the TypeError 1.0.0 raises on a 204 or an empty body, network errors,
// an Entra ID sign-in failure) becomes one WorkspaceError with a kind.
export type WorkspaceErrorKind =
  | "auth" // the credential was refused or no token could be had
  | "permission" // signed in, but not allowed to read the workspace (403)
  | "not_found" // no such workspace (404)
  | "network" // could not reach the endpoint (DNS, TLS, refused, reset)
  | "throttled" // 429 or 503 still after the retries Retry-After allowed
  | "timeout" // 504 or the query ran out of time: ask for less
  | "too_large" // the answer would exceed the service's row or size limit: ask for less
  | "bad_query" // 400: the service could not run the query
  | "empty_response" // 204 or an empty 200
  | "server"; // anything else the service answered

export class WorkspaceError extends Error {
  constructor(
    readonly kind: WorkspaceErrorKind,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = "WorkspaceError";
  }
}

const LABEL: Record<WorkspaceErrorKind, string> = {
  auth: "authentication failed",
  permission: "permission denied",
  not_found: "workspace not found",
  network: "network error",
  throttled: "throttled by the service",
  timeout: "query timed out",
  too_large: "result too large",
  bad_query: "query refused",
  empty_response: "empty response",
  server: "service error",
};

export function describeWorkspaceError(e: WorkspaceError): string {
  return `${LABEL[e.kind]}: ${e.message}`;
}

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  details?: unknown;
}

/** Classifies what the SDK, identity or Node threw. Never includes secrets (messages come from the service). */
export function toWorkspaceError(err: unknown): WorkspaceError {
  if (err instanceof WorkspaceError) return err;
  const e = (err ?? {}) as RestErrorLike & { cause?: unknown; errno?: string };
  const message = (e.message ?? String(err)).split("\n")[0]!.slice(0, 500);
  // A refused client secret (AADSTS7000215 invalid_client) reaches us as AuthenticationRequiredError:
  // @azure/identity wraps every MSAL ServerError in it (msal/utils.ts handleMsalError).
  if (
    e.name === "AuthenticationError" ||
    e.name === "AuthenticationRequiredError" ||
    e.name === "CredentialUnavailableError" ||
    e.name === "AggregateAuthenticationError"
  )
    return new WorkspaceError("auth", message);
  const status = e.statusCode;
  if (status !== undefined) {
    if (status === 401) return new WorkspaceError("auth", message, status);
    if (status === 403) return new WorkspaceError("permission", message, status);
    if (status === 404) return new WorkspaceError("not_found", message, status);
    if (status === 429 || status === 503) return new WorkspaceError("throttled", message, status);
    if (status === 504 || status === 408) return new WorkspaceError("timeout", message, status);
    if (status === 400) {
      if (/limit|too large|exceed/i.test(message)) return new WorkspaceError("too_large", message, status);
      return new WorkspaceError("bad_query", message, status);
    }
    if (status === 204) return new WorkspaceError("empty_response", "the service answered 204 No Content", status);
    return new WorkspaceError("server", message, status);
  }
  if (
    e.code === "REQUEST_SEND_ERROR" ||
    /ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|certificate|self.signed|socket hang up/i.test(message)
  )
    return new WorkspaceError("network", message);
  // 1.0.0 parses a 204 / empty 200 / bodiless error as JSON and trips over it.
  if (err instanceof TypeError) return new WorkspaceError("empty_response", `the service sent no result (${message})`);
  return new WorkspaceError("server", message);
}
