import { readFileSync } from "node:fs";
import { parseTextFile } from "@/lib/texts/import/parse-text-file";
const f = process.argv[2]!;
const o = await parseTextFile({ fileName: f.split("/").pop()!, bytes: new Uint8Array(readFileSync(f)) });
console.log("TITLE", o.title, "| AUTHOR", o.author, "| LANG", o.language);
for (const c of o.chapters) console.log(" -", c.title, `(${c.blocks.length})`, JSON.stringify(c.blocks[0]?.text.slice(0, 80)));
console.log(JSON.stringify(o.notes, null, 0)?.slice(0, 1500));
if (process.argv[3]) for (const c of o.chapters) for (const b of c.blocks) console.log(`[${b.kind}]`, b.text.slice(0, 300));
