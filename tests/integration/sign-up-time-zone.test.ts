import { expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { signUp } from "@/lib/users/sign-up";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

async function zoneOf(email: string) {
  return (await db.user.findUniqueOrThrow({ where: { email }, select: { timeZone: true } }))
    .timeZone;
}

it("sign-up keeps the zone the browser sent, and ignores one it does not know", async () => {
  const password = "correct horse battery";
  await signUp(
    { email: "ny@example.test", name: "New Yorker", password, timeZone: "America/New_York" },
    { ip: "127.0.0.1" },
  );
  expect(await zoneOf("ny@example.test")).toBe("America/New_York");

  await signUp(
    { email: "odd@example.test", name: "Odd browser", password, timeZone: "Mars/Olympus" },
    { ip: "127.0.0.2" },
  );
  const fallback = await zoneOf("odd@example.test");
  expect(fallback).not.toBe("Mars/Olympus");
  await signUp({ email: "none@example.test", name: "No zone", password }, { ip: "127.0.0.3" });
  expect(await zoneOf("none@example.test")).toBe(fallback);
});
