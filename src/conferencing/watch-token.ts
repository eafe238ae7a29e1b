import type { WebhookReading } from "../providers/provider.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Vault } from "../vault/vault.ts";

const purpose = "provider_watches.token";

/**
 * The token a connection's watch is made with, which the provider sends back with every
 * notification (Graph's clientState): the connection's id sealed by the vault, so only confab
 * can make one, a notification carrying one names its connection, and the instance's key itself
 * never leaves it. 76 characters, within Graph's 128.
 */
export function sealWatchToken(vault: Vault, connectionId: string): string {
  return vault.encrypt(connectionId, purpose);
}

/**
 * The connection of every watch token in a delivery, checked: one that is not confab's refuses
 * the whole delivery, without the token in the message.
 */
export function openWatchTokens(vault: Vault, reading: WebhookReading): Map<string, string> {
  const connections = new Map<string, string>();
  for (const token of reading.watchTokens ?? []) {
    if (connections.has(token)) continue;
    try {
      connections.set(token, vault.decrypt(token, purpose));
    } catch {
      throw new ProviderError(
        "rejected",
        "A notification's clientState is not one confab gave: the delivery was not acted on.",
      );
    }
  }
  return connections;
}
