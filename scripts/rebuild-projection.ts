/** `npm run realtime:rebuild-projection`: rewrites every Comment row from the comment documents. */
import { rebuildCommentProjection } from "@/lib/annotations/rebuild-comment-projection";
import { getPool } from "@/lib/db/pool";
import { bootstrapDatabaseForScript } from "@/scripts/lib/script-database";

const database = await bootstrapDatabaseForScript();
try {
  const result = await rebuildCommentProjection(getPool(), (done, total, chapterId) =>
    process.stderr.write(`\r[rebuild] ${done}/${total} chapters (${chapterId})   `),
  );
  process.stderr.write("\n");
  console.log(`Rebuilt ${result.rows} comment rows across ${result.chapters} chapters.`);
} finally {
  await database.close();
}
