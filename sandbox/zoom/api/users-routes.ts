/** `GET /v2/users/me` and `GET /v2/users/{userId}`. */
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";
import { authenticateCaller } from "./authenticate-caller.ts";
import { userForCaller } from "./user-access.ts";
import { userView } from "./user-view.ts";

export function registerUsersRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.get<{ Params: { userId: string } }>("/v2/users/:userId", async (request) => {
    const caller = authenticateCaller(context, request, "Light");
    const user = userForCaller(context.state, caller, request.params.userId, "read_user");
    return userView(user, context.baseUrl);
  });
}
