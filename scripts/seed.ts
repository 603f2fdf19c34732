/** `npm run db:seed`: (re)applies the demo data; safe to run on a database that has it. */
import { bootstrapDatabaseForScript } from "@/scripts/lib/script-database";
import { seedDemo } from "@/seeds/demo";

const database = await bootstrapDatabaseForScript();
try {
  await seedDemo({ log: (line) => console.log(line) });
} finally {
  await database.close();
}
