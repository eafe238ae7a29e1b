import type { FastifyRequest } from "fastify";
import { DomainError } from "../domain-error.ts";
import {
  isSubmissionKey,
  newSubmissionKey,
  type SubmissionPurpose,
} from "../submissions/submission-key.ts";
import type { Submission } from "../submissions/submit-once.ts";
import { textOf } from "./forms.ts";
import { type Html, html } from "./html.ts";
import { requireViewer } from "./web-context.ts";

const fieldName = "submission_key";

/**
 * The one-time key of a form that makes something: a fresh one each time the form is rendered,
 * or the one a review step carries on from the form it came from.
 */
export function submissionKeyInput(key: string = newSubmissionKey()): Html {
  return html`<input type="hidden" name="${fieldName}" value="${key}">`;
}

/** The key a form came with, checked: absent on a page from before keys, refused when mangled. */
export function submissionKeyOf(body: unknown): string | undefined {
  const key = textOf(body, fieldName);
  if (key === "") return undefined;
  if (!isSubmissionKey(key)) {
    throw new DomainError(
      "invalid_input",
      "This form could not be read as it was sent. Open the page again and send it from there.",
    );
  }
  return key;
}

/** This sending of a form, by the signed-in person, for `purpose`. */
export function submissionOf(request: FastifyRequest, purpose: SubmissionPurpose): Submission {
  return { key: submissionKeyOf(request.body), userId: requireViewer(request).id, purpose };
}
