/** Answers with one of a sandbox's HTML pages. */
import type { FastifyReply } from "fastify";

export function showPage(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).type("text/html; charset=utf-8").send(html);
}
