/**
 * Who is signed in to Zoom's web pages (Marketplace, starting a meeting). As on the consent page, a sandbox user signs in by email alone. The session is a random cookie kept in memory for one run
 * (../common/sign-in-session.ts).
 */
import { createSignInSessions } from "../../common/sign-in-session.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { User } from "../state.ts";

export const { signedInUser, signIn, signOut } = createSignInSessions<SandboxContext, User>(
  "zoom_sandbox_session",
  (context, userId) => context.state.users.get(userId),
);
