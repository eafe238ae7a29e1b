/**
 * Who is signed in to the sandbox's Microsoft pages (sign-in, consent, My Apps, Enterprise
 * applications). A sandbox user signs in by user principal name or email alone. The session is a random cookie kept in memory for one run
 * (../common/sign-in-session.ts).
 */
import { createSignInSessions } from "../../common/sign-in-session.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { User } from "../state.ts";

export const { signedInUser, signIn, signOut } = createSignInSessions<SandboxContext, User>(
  "microsoft_sandbox_session",
  (context, userId) => context.state.users.get(userId),
);
