/**
 * The demo group that `npm start` creates on an empty database: documented logins, the five
 * seed texts, and (as those features exist) sessions, assignments and progress, margin threads
 * and the last session's live-room archive. Idempotent.
 */
import { db } from "@/lib/db/prisma";
import { seedDemoDiscussion } from "@/seeds/demo-discussion";
import { seedDemoSchedule } from "@/seeds/demo-schedule";
import { seedDemoTexts } from "@/seeds/demo-texts";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";

export const DEMO_GROUP_ID = "demo-reading-group";

export const DEMO_USERS = [
  { email: "organiser@marginalia.test", name: "Olive Organiser", role: "OWNER" },
  { email: "reader1@marginalia.test", name: "Rosa Lindqvist", role: "MEMBER" },
  { email: "reader2@marginalia.test", name: "Ravi Menon", role: "MEMBER" },
  { email: "reader3@marginalia.test", name: "Ruth Okafor", role: "MEMBER" },
] as const;

type Log = (line: string) => void;

export async function seedDemo({ log }: { log: Log }): Promise<void> {
  const steps = DEMO_USERS.length + 1;
  let step = 0;
  const progress = (what: string) => log(`Seeding demo data [${++step}/${steps}] ${what}`);

  const users = [];
  for (const demo of DEMO_USERS) {
    progress(demo.email);
    users.push({ ...(await seedUser({ email: demo.email, name: demo.name })), role: demo.role });
  }
  const organiser = users[0];
  if (!organiser) throw new Error("demo organiser missing");
  progress("the demo group");
  const group = await seedGroup(organiser, {
    id: DEMO_GROUP_ID,
    name: "The Tuesday Readers",
    description:
      "A demo reading group working through histories and critiques of Stalinism, one chapter at a time.",
    timeZone: "Europe/London",
    coverEmoji: "📖",
    coverColor: "#8a4b2a",
  });
  for (const user of users.slice(1)) await seedMembership(group.id, user.id, user.role);
  await seedDemoTexts({ groupId: group.id, importedById: organiser.id, log });
  await seedDemoSchedule({ groupId: group.id, log });
  await seedDemoDiscussion({ groupId: group.id, log });
}

/** Seeds only a database that has no users yet, so a second start never re-seeds. */
export async function seedDemoIfEmpty({ log }: { log: Log }): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  await seedDemo({ log });
  return true;
}
