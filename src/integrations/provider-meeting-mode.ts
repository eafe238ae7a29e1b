/**
 * A provider's meeting mode in a program: its key is the provider's name (`zoom`), its label what
 * the seed's admins look for under Program settings → Permissions ("Zoom video call").
 */
export function providerModeLabel(displayName: string): string {
  return `${displayName} video call`;
}
