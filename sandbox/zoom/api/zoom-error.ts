/** A REST error as Zoom writes it: an HTTP status and a body `{code, message[, errors]}`. */

export interface FieldError {
  field: string;
  message: string;
}

export class ZoomApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: number,
    message: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  body(): { code: number; message: string; errors?: FieldError[] } {
    return this.errors === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, errors: this.errors };
  }
}

export const invalidAccessToken = () => new ZoomApiError(401, 124, "Invalid access token.");

export const expiredAccessToken = () => new ZoomApiError(401, 124, "Access token is expired.");

export const missingScopes = (scopes: string[]) =>
  new ZoomApiError(
    400,
    4711,
    `Invalid access token, does not contain scopes:[${scopes.join(", ")}].`,
  );

export const userDoesNotExist = (userId: string) =>
  new ZoomApiError(404, 1001, `User does not exist: ${userId}.`);

export const meetingDoesNotExist = (meetingId: string | number) =>
  new ZoomApiError(404, 3001, `Meeting does not exist: ${meetingId}.`);

export const validationFailed = (errors: FieldError[]) =>
  new ZoomApiError(400, 300, "Validation Failed.", { errors });

export const bodyIsNotJsonObject = () =>
  new ZoomApiError(400, 300, "Request Body should be a valid JSON object.");
