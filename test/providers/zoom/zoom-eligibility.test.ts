import assert from "node:assert/strict";
import { test } from "node:test";
import { ProviderError } from "../../../src/providers/provider-error.ts";
import { checkEligibility, type ZoomUser } from "../../../src/providers/zoom/zoom-eligibility.ts";

const user = (type: number, role_name: string): ZoomUser => ({
  id: "u1",
  email: "someone@acme.example",
  type,
  role_name,
  account_id: "a1",
});

function refusal(kind: "personal" | "organization", who: ZoomUser): string {
  try {
    checkEligibility(kind, who);
  } catch (error) {
    assert.ok(error instanceof ProviderError && error.kind === "rejected");
    return error.message;
  }
  assert.fail("expected a refusal");
}

test("a licensed user may connect a personal profile whatever their Zoom role", () => {
  assert.doesNotThrow(() => checkEligibility("personal", user(2, "Member")));
});

test("a Basic (free) user is refused with the paid-plan reason", () => {
  assert.match(
    refusal("personal", user(1, "Owner")),
    /free Basic plan.*Zoom Pro or above.*Nothing was saved/,
  );
});

test("a user without a meeting licence is refused and told to ask their Zoom admin", () => {
  assert.match(refusal("personal", user(99, "Member")), /no meeting licence/);
  assert.match(refusal("personal", user(4, "Member")), /no meeting licence/);
});

test("only a Zoom owner or admin may install for an organization", () => {
  assert.doesNotThrow(() => checkEligibility("organization", user(2, "Owner")));
  assert.doesNotThrow(() => checkEligibility("organization", user(2, "Admin")));
  assert.match(
    refusal("organization", user(2, "Member")),
    /not an owner or admin of their Zoom account/,
  );
});

test("an organization install by an admin of a free Zoom account is refused for the plan", () => {
  assert.match(refusal("organization", user(1, "Owner")), /free Basic plan/);
});
