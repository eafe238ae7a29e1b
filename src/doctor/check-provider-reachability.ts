import { type CheckResult, passed, problem } from "./doctor-check.ts";
import { isLoopbackUrl } from "./loopback-url.ts";

/** Long enough for a slow TLS handshake, short enough that a doctor run stays quick. */
const maximumWaitMs = 5000;

/** One address of a provider confab calls, and the variable that sets it. */
export interface ProviderTarget {
  variable: string;
  /** The configured base URL, as the operator wrote it. */
  base: string;
  /** What is fetched under it: a route that answers without a credential. */
  url: string;
}

export interface ProviderEndpoints {
  /** The check's name in doctor's report: "zoom", "microsoft". */
  check: string;
  /** As people read it: "Zoom", "Microsoft". */
  provider: string;
  /** Where an operator reads whether the provider is having an outage. */
  statusPage: string;
  requestTimeoutMs: number;
  targets: ProviderTarget[];
}

/**
 * The provider's servers answer, over HTTPS (or, for a sandbox, over this machine's loopback).
 * Any HTTP reply below 500 counts: without a token a provider's API answers 401, which is the
 * answer we expect. Nothing is sent that needs a credential.
 */
export async function checkProviderReachability(
  endpoints: ProviderEndpoints,
): Promise<CheckResult> {
  const { check, provider } = endpoints;
  for (const target of endpoints.targets) {
    if (!target.base.startsWith("https:") && !isLoopbackUrl(target.base)) {
      return problem(
        check,
        "fail",
        `${target.variable} ${target.base} is not https: tokens would cross the network in the clear`,
        `use https (unset ${target.variable} for ${provider}'s own address)`,
      );
    }
  }
  const timeoutMs = Math.min(endpoints.requestTimeoutMs, maximumWaitMs);
  const answers: string[] = [];
  for (const target of endpoints.targets) {
    try {
      const response = await fetch(target.url, {
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status >= 500) {
        return problem(
          check,
          "warn",
          `${target.base} answered ${response.status}: ${provider} may be having trouble (confab retries)`,
          `check ${endpoints.statusPage}, and try again later`,
        );
      }
      if (!answers.includes(target.base)) answers.push(target.base);
    } catch (error) {
      return problem(
        check,
        "fail",
        `${target.base} did not answer: ${reasonOf(error, timeoutMs)}`,
        `check ${target.variable}, DNS, and that outbound HTTPS from this machine is allowed`,
      );
    }
  }
  return passed(check, `${answers.join(" and ")} ${answers.length === 1 ? "answers" : "answer"}`);
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === "TimeoutError") return `no reply within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
