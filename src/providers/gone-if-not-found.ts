import { ProviderError } from "./provider-error.ts";

/**
 * What `work` comes to, or "gone" when the provider no longer has what it was about: removing
 * or moving a meeting that is already gone is an outcome to record, not a failure to retry.
 */
export async function goneIfNotFound<T>(work: () => Promise<T>): Promise<T | "gone"> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProviderError && error.kind === "not_found") return "gone";
    throw error;
  }
}
