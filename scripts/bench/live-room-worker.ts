/**
 * A share of a live session's participants, in its own process so that decoding 150 clients'
 * frames does not sit on the event loop of the process that sends the host's commands and reads
 * the clock. Driven over the IPC channel by bench-live-session.ts. Each participant is a real
 * CollabClient (socket.io + Y.Doc + awareness) that publishes its presence as the room page does.
 *
 * Times are `performance.timeOrigin + performance.now()` (wall-clock based, sub-millisecond);
 * the parent measures this process's offset from its own clock over IPC and corrects for it.
 */
import { pathToFileURL } from "node:url";
import { encodeAwarenessUpdate } from "y-protocols/awareness";
import { liveMap } from "@/lib/sessions/live/document/session-document";
import { encodeAwarenessMessage } from "@/lib/realtime/protocol/messages";
import { CollabClient } from "@/tests/helpers/collab-client";

export const now = () => performance.timeOrigin + performance.now();

export type TPresence = {
  user: { id: string; name: string; color: string };
  chapterId: string;
  paragraphId: string;
  following: boolean;
};

export type TParticipantSpec = { cookie: string; userId: string; name: string };

export type TToWorker =
  | {
      op: "join";
      doc: string;
      participants: TParticipantSpec[];
      /** Joins in flight at once in this process. */
      concurrency: number;
      /** Leave again right after the measured join (a join into a room holding only the host). */
      solo: boolean;
      chapterId: string;
      paragraphId: string;
    }
  | { op: "watch-spotlight"; id: number; start: number }
  | { op: "watch-awareness"; id: number; clientId: number }
  | { op: "clock"; id: number }
  | { op: "close" };

export type TFromWorker =
  | { op: "joined"; ms: number }
  | { op: "join-done" }
  | { op: "join-failed"; message: string }
  | { op: "seen"; id: number; times: number[]; missing: number }
  | { op: "clock"; id: number; at: number }
  | { op: "dropped"; reason: string }
  | { op: "closed"; errors: number };

/**
 * Publishes `state` as this client's presence in `doc`, and keeps publishing it the way
 * CollabDoc does in the browser: every change of our own state goes to the server, including
 * the renewal y-protocols makes every 15 s (without it peers drop us after 30 s).
 */
export function announcePresence(client: CollabClient, doc: string, state: TPresence): number {
  const awareness = client.awareness.get(doc);
  if (!awareness) throw new Error("join first");
  awareness.on(
    "update",
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      if (origin === "server" || !client.socket.connected) return;
      if (![...added, ...updated, ...removed].includes(awareness.clientID)) return;
      client.socket.emit(
        "y",
        doc,
        encodeAwarenessMessage(encodeAwarenessUpdate(awareness, [awareness.clientID])),
      );
    },
  );
  awareness.setLocalState(state);
  return awareness.clientID;
}

export const colorOf = (userId: string) =>
  `hsl(${[...userId].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 360} 60% 45%)`;

type Participant = {
  client: CollabClient;
  /** spotlight.start → when this participant's document first showed it. */
  spotlights: Map<number, number>;
  /** awareness clientID → when this participant first saw that peer. */
  peers: Map<number, number>;
};

type Watch = { kind: "spotlight" | "awareness"; key: number; timer: NodeJS.Timeout };

function runWorker(url: string): void {
  const participants: Participant[] = [];
  const watches = new Map<number, Watch>();
  let closing = false;
  let errorsSeen = 0;

  const send = (message: TFromWorker) => process.send?.(message);

  const seenBy = (participant: Participant, watch: Watch) =>
    (watch.kind === "spotlight" ? participant.spotlights : participant.peers).get(watch.key);

  const answer = (id: number, watch: Watch) => {
    clearTimeout(watch.timer);
    watches.delete(id);
    const times: number[] = [];
    for (const participant of participants) {
      const at = seenBy(participant, watch);
      if (at !== undefined) times.push(at);
    }
    send({ op: "seen", id, times, missing: participants.length - times.length });
  };

  const checkWatches = () => {
    for (const [id, watch] of watches)
      if (participants.every((participant) => seenBy(participant, watch) !== undefined))
        answer(id, watch);
  };

  const watch = (id: number, kind: Watch["kind"], key: number) => {
    // A change that never arrives is reported as missing rather than hanging the bench.
    const entry: Watch = { kind, key, timer: setTimeout(() => answer(id, entry), 15_000) };
    watches.set(id, entry);
    checkWatches();
  };

  async function joinOne(
    spec: TParticipantSpec,
    doc: string,
    where: { chapterId: string; paragraphId: string },
    keep: boolean,
  ): Promise<void> {
    const started = now();
    const client = new CollabClient(url, spec.cookie);
    const participant: Participant = { client, spotlights: new Map(), peers: new Map() };
    const ydoc = client.docOf(doc);
    const live = liveMap(ydoc);
    const awareness = client.awareness.get(doc);
    // Recorded from the first frame on, so a change that lands before the parent asks is kept.
    live.observe(() => {
      const spotlight = live.get("spotlight") as { start?: unknown } | null | undefined;
      if (typeof spotlight?.start !== "number" || participant.spotlights.has(spotlight.start))
        return;
      participant.spotlights.set(spotlight.start, now());
      checkWatches();
    });
    awareness?.on("change", ({ added }: { added: number[] }) => {
      const at = now();
      for (const clientId of added)
        if (!participant.peers.has(clientId)) participant.peers.set(clientId, at);
      if (added.length > 0) checkWatches();
    });
    client.socket.on("disconnect", (reason) => {
      if (!closing && keep) send({ op: "dropped", reason });
    });
    // The host's first command stored the session's initial state: its arrival is "in the room".
    const stateIn = new Promise<void>((resolve) => {
      const check = () => {
        if (!live.has("host")) return;
        ydoc.off("update", check);
        resolve();
      };
      ydoc.on("update", check);
    });
    await client.connected();
    const ack = await client.join(doc);
    if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      stateIn,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("no document state within 15 s")), 15_000);
      }),
    ]).finally(() => clearTimeout(timer));
    send({ op: "joined", ms: now() - started });
    if (!keep) {
      client.close();
      return;
    }
    announcePresence(client, doc, {
      user: { id: spec.userId, name: spec.name, color: colorOf(spec.userId) },
      chapterId: where.chapterId,
      paragraphId: where.paragraphId,
      following: true,
    });
    participants.push(participant);
  }

  async function joinAll(message: Extract<TToWorker, { op: "join" }>): Promise<void> {
    const queue = [...message.participants];
    const lanes = Array.from({ length: Math.max(1, message.concurrency) }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift())
        await joinOne(spec, message.doc, message, !message.solo);
    });
    await Promise.all(lanes);
  }

  process.on("message", (message: TToWorker) => {
    switch (message.op) {
      case "join":
        joinAll(message).then(
          () => send({ op: "join-done" }),
          (error: unknown) => send({ op: "join-failed", message: String(error) }),
        );
        return;
      case "watch-spotlight":
        return watch(message.id, "spotlight", message.start);
      case "watch-awareness":
        return watch(message.id, "awareness", message.clientId);
      case "clock":
        send({ op: "clock", id: message.id, at: now() });
        return;
      case "close":
        closing = true;
        for (const watchEntry of watches.values()) clearTimeout(watchEntry.timer);
        for (const { client } of participants) {
          errorsSeen += client.errors.length;
          client.close();
        }
        // Let the disconnect packets go out before the process ends.
        setTimeout(() => {
          process.send?.({ op: "closed", errors: errorsSeen } satisfies TFromWorker, () =>
            process.exit(0),
          );
        }, 200);
        return;
    }
  });
  // An orphan (the parent died) must not keep 50 sockets open.
  process.on("disconnect", () => process.exit(closing ? 0 : 1));
}

if (process.send && import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const url = process.argv[2];
  if (!url) throw new Error("usage: live-room-worker.ts <server url>");
  runWorker(url);
}
