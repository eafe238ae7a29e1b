/** A column that holds vault ciphertexts, so key rotation can find and re-encrypt it. */
export interface EncryptedColumn {
  table: string;
  /** The primary key column, to update one row at a time. */
  idColumn: string;
  column: string;
  /** The purpose the values were encrypted under; also their associated data. */
  purpose: string;
}

/** Every encrypted column in confab's schema. A feature that stores a secret adds it here. */
export const encryptedColumns: EncryptedColumn[] = [
  {
    table: "applications",
    idColumn: "id",
    column: "client_secret",
    purpose: "applications.client_secret",
  },
  {
    table: "provider_connections",
    idColumn: "id",
    column: "access_token",
    purpose: "provider_connections.access_token",
  },
  {
    table: "provider_connections",
    idColumn: "id",
    column: "refresh_token",
    purpose: "provider_connections.refresh_token",
  },
  {
    table: "oauth_states",
    idColumn: "state_hash",
    column: "code_verifier",
    purpose: "oauth_states.code_verifier",
  },
  {
    table: "outbox_messages",
    idColumn: "id",
    column: "content",
    purpose: "outbox_messages.content",
  },
  {
    table: "calendar_feeds",
    idColumn: "user_id",
    column: "token",
    purpose: "calendar_feeds.token",
  },
];
