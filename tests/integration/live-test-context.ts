import { afterEach, beforeAll } from "vitest";
import { CollabClient } from "@/tests/helpers/collab-client";
import type { MatrixRole } from "@/tests/helpers/group-fixture";
import { HttpClient } from "@/tests/helpers/http-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

export type LiveRole = MatrixRole | "target";

/**
 * The live-session tests' setup: the usual server and fixture, a signed-in client for the
 * fixture's second plain member (`target`), and socket clients closed after each test.
 */
export function withLiveContext() {
  const ctx = withServerAndFixture();
  let targetHttp: HttpClient | undefined;
  const clients: CollabClient[] = [];
  beforeAll(async () => {
    targetHttp = new HttpClient(ctx.server.url);
    await targetHttp.signIn(ctx.cast.users.target.email, ctx.cast.users.target.password);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  const http = (role: LiveRole): HttpClient =>
    role === "target" ? (targetHttp as HttpClient) : ctx.cast.clients[role];
  const connect = async (role: LiveRole, url = ctx.server.url): Promise<CollabClient> => {
    const client = new CollabClient(url, http(role).cookieHeader());
    clients.push(client);
    await client.connected();
    return client;
  };
  return { ctx, http, connect };
}
