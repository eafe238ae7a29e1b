/** An email address as confab stores it (trimmed, lower-cased), or undefined if it is not one. */
export function normalizeEmail(input: string): string | undefined {
  const email = input.trim().toLowerCase();
  if (email.length > 254) return undefined;
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]+$/.test(email) ? email : undefined;
}
