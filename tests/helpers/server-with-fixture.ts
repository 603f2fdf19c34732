import { afterAll, beforeAll } from "vitest";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

export type ServerWithFixture = {
  server: TestServer;
  cast: Cast;
  fixture: GroupFixture;
  databaseUrl: () => string;
};

/**
 * The usual integration setup: a database of the file's own, the real server on it, one signed-in
 * user per role and a group fixture. Read the fields inside tests and hooks.
 */
export function withServerAndFixture(env: Record<string, string> = {}): ServerWithFixture {
  const database = withTestDatabase();
  const state = { databaseUrl: () => database.url() } as ServerWithFixture;
  beforeAll(async () => {
    state.server = await startTestServer({ databaseUrl: database.url(), env });
    state.cast = await castUsers(state.server.url);
    state.fixture = await groupFixture(state.cast);
  });
  afterAll(async () => {
    await state.server?.stop();
  });
  return state;
}
