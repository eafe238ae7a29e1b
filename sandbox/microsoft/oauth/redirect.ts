import type { FastifyReply } from "fastify";

export function redirectTarget(redirectUri: string, params: Record<string, string>): string {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

/** `response_mode=query`: the answer travels in the redirect URI's query string. */
export function redirectTo(
  reply: FastifyReply,
  redirectUri: string,
  params: Record<string, string>,
) {
  return reply.redirect(redirectTarget(redirectUri, params), 302);
}
