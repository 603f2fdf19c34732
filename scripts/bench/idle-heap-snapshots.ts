/**
 * What the app server keeps per idle connected client, object by object (issue 16): the server
 * (`--heapsnapshot-signal=SIGUSR2`) serves a warm-up round, writes a heap snapshot, takes N idle
 * joined clients, writes another; the difference per client is printed by constructor. The
 * snapshots stay in .data/heap/ (open them in Chrome DevTools' Memory tab, "Comparison" view).
 *
 *   npx tsx scripts/bench/idle-heap-snapshots.ts [clients=500]
 */
import { randomUUID } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/auth-options";
import { db } from "@/lib/db/prisma";
import { chapterDoc } from "@/lib/documents/names";
import { benchEnvironment } from "@/scripts/bench/harness";
import { processRssBytes } from "@/scripts/bench/process-stats";
import { CollabClient } from "@/tests/helpers/collab-client";

const CLIENTS = Number(process.argv[2] ?? 500);
const WARM_UP = 25;
const heapDir = path.resolve(".data/heap");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`[heap] ${line}\n`);

type HeapSnapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};

/** Count and self size per (type, constructor) of a V8 heap snapshot. */
function byConstructor(file: string): Map<string, { count: number; bytes: number }> {
  const heap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const totals = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + (typeAt ?? 0)] ?? 0] ?? "?";
    const name = heap.strings[heap.nodes[i + (nameAt ?? 0)] ?? 0] ?? "";
    // Strings and code are grouped by kind: their "names" are their contents.
    const key = type.includes("string") || type === "code" ? type : `${type} ${name.slice(0, 40)}`;
    const entry = totals.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += heap.nodes[i + (sizeAt ?? 0)] ?? 0;
    totals.set(key, entry);
  }
  return totals;
}

/** A snapshot is written in one go and ends its JSON with "}"; its size then stops changing. */
async function finished(file: string): Promise<boolean> {
  const size = statSync(file).size;
  await sleep(1_000);
  if (statSync(file).size !== size || size === 0) return false;
  const tail = Buffer.alloc(1);
  const fd = openSync(file, "r");
  try {
    readSync(fd, tail, 0, 1, size - 1);
  } finally {
    closeSync(fd);
  }
  return tail.toString() === "}";
}

mkdirSync(heapDir, { recursive: true });
const env = await benchEnvironment(log);
const server = await env.startServer({
  REALTIME_MAX_SOCKETS_PER_USER: "1000",
  NODE_OPTIONS: "--heapsnapshot-signal=SIGUSR2",
});
const pid = server.process.pid ?? 0;
try {
  const group = await db.group.create({ data: { name: "Heap group" } });
  const text = await db.text.create({
    data: { groupId: group.id, title: "Heap text", sourceFormat: "txt" },
  });
  const chapter = await db.chapter.create({ data: { textId: text.id, index: 0, title: "One" } });
  const users = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      db.user.create({
        data: { email: `heap-${i}-${randomUUID().slice(0, 6)}@example.test`, name: `Reader ${i}` },
      }),
    ),
  );
  await db.membership.createMany({
    data: users.map((user) => ({ groupId: group.id, userId: user.id, role: "MEMBER" as const })),
  });
  const cookies = await Promise.all(
    users.map(
      async (user) =>
        `next-auth.session-token=${await encode({
          secret: process.env.NEXTAUTH_SECRET ?? "",
          maxAge: SESSION_MAX_AGE_SECONDS,
          token: { name: user.name, email: user.email, sub: user.id, sv: user.sessionVersion },
        })}`,
    ),
  );
  const doc = chapterDoc(chapter.id);
  const connect = async (i: number) => {
    const client = new CollabClient(server.url, cookies[i % cookies.length]);
    await client.connected();
    const joined = await client.join(doc);
    if (!joined.ok) throw new Error(`join refused: ${JSON.stringify(joined)}`);
    return client;
  };
  const connectMany = async (count: number) => {
    const clients: CollabClient[] = [];
    for (let start = 0; start < count; start += 25)
      clients.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, count - start) }, (_, i) => connect(start + i)),
        )),
      );
    return clients;
  };
  // The server writes Heap.<date>.<pid>….heapsnapshot into its working directory.
  const written = () => readdirSync(".").filter((file) => file.endsWith(".heapsnapshot"));
  const snapshot = async (): Promise<string> => {
    const known = new Set(written());
    server.process.kill("SIGUSR2");
    for (;;) {
      await sleep(500);
      const file = written().find((name) => !known.has(name));
      if (file && (await finished(file))) {
        const target = path.join(heapDir, file);
        renameSync(file, target);
        return target;
      }
    }
  };

  for (const client of await connectMany(WARM_UP)) client.close();
  await sleep(2_000);
  const before = await snapshot();
  const rssBefore = processRssBytes(pid);
  const clients = await connectMany(CLIENTS);
  await sleep(3_000);
  const rssAfter = processRssBytes(pid);
  const after = await snapshot();
  for (const client of clients) client.close();

  const [was, now] = [byConstructor(before), byConstructor(after)];
  const rows = [...now].map(([key, { count, bytes }]) => ({
    key,
    count: (count - (was.get(key)?.count ?? 0)) / CLIENTS,
    bytes: (bytes - (was.get(key)?.bytes ?? 0)) / CLIENTS,
  }));
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(
    `${CLIENTS} idle joined clients: RSS +${((rssAfter - rssBefore) / CLIENTS / 1024).toFixed(1)} KiB per client, ` +
      `live heap +${(total / 1024).toFixed(1)} KiB per client (after a full GC)\n`,
  );
  console.log("| bytes per client | objects per client | kind |\n| --- | --- | --- |");
  for (const row of rows.sort((a, b) => b.bytes - a.bytes).slice(0, 30))
    console.log(`| ${row.bytes.toFixed(0)} | ${row.count.toFixed(2)} | ${row.key} |`);
  console.log(`\nsnapshots: ${before} ${after}`);
} finally {
  await env.close();
}
process.exit(0);
