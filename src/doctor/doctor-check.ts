/** How one check came out: passed, worth a look (does not fail the run), or failed. */
export type CheckStatus = "pass" | "warn" | "fail";

/** Something found wrong, and what an operator does about it. */
export interface Finding {
  problem: string;
  fix: string;
}

export interface CheckResult {
  /** A stable name, for scripts reading `--json`. */
  check: string;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  findings: Finding[];
}

export function passed(check: string, summary: string): CheckResult {
  return { check, status: "pass", summary, findings: [] };
}

/** A single problem: its description is the summary. */
export function problem(
  check: string,
  status: Exclude<CheckStatus, "pass">,
  found: string,
  fix: string,
): CheckResult {
  return { check, status, summary: found, findings: [{ problem: found, fix }] };
}

/** A check that depends on another one that did not pass. */
export function notChecked(check: string, because: string): CheckResult {
  return { check, status: "warn", summary: `not checked: ${because}`, findings: [] };
}
