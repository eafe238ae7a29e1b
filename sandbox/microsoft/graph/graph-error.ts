/**
 * An error as Microsoft Graph writes it: an HTTP status and a body
 * `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`
 * (learn.microsoft.com/graph/errors).
 */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
  }

  body(context: { date: string; requestId: string; clientRequestId?: string }) {
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: {
          date: context.date,
          "request-id": context.requestId,
          "client-request-id": context.clientRequestId ?? context.requestId,
        },
      },
    };
  }
}

/** Exchange's answer to a caller without the permission or the right to a mailbox. */
export function accessDenied(): GraphError {
  return new GraphError(
    403,
    "ErrorAccessDenied",
    "Access is denied. Check credentials and try again.",
  );
}

/** A path naming a user the tenant does not have (learn.microsoft.com/graph/errors: ErrorInvalidUser). */
export function invalidUser(idOrUpn: string): GraphError {
  return new GraphError(404, "ErrorInvalidUser", `The requested user '${idOrUpn}' is invalid.`);
}

export function itemNotFound(): GraphError {
  return new GraphError(
    404,
    "ErrorItemNotFound",
    "The specified object was not found in the store.",
  );
}

export function invalidRequest(message: string): GraphError {
  return new GraphError(400, "ErrorInvalidRequest", message);
}

export function badRequest(message: string): GraphError {
  return new GraphError(400, "BadRequest", message);
}

/** A property Graph's OData reader could not convert to its type (an enum, a date, a boolean). */
export function bodyRead(message: string): GraphError {
  return new GraphError(400, "RequestBodyRead", message);
}
