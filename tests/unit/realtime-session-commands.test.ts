import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  applySessionCommand,
  type TSessionActor,
} from "@/lib/sessions/live/document/session-commands";
import {
  initSessionDocument,
  readLive,
  SESSION_COMMAND_ORIGIN,
} from "@/lib/sessions/live/document/session-document";

const DOC = "session:sess-1";
const t1 = new Date("2025-04-02T18:00:00.000Z");
const t2 = new Date("2025-04-02T18:05:00.000Z");
const hana: TSessionActor = { userId: "hana", role: "MEMBER", isHost: true };
const bob: TSessionActor = { userId: "bob", role: "MEMBER", isHost: false };
const cleo: TSessionActor = { userId: "cleo", role: "MEMBER", isHost: false };
const mona: TSessionActor = { userId: "mona", role: "MODERATOR", isHost: false };

let seq = 0;
function send(doc: Y.Doc, actor: TSessionActor, fields: Record<string, unknown>, now = t1) {
  return applySessionCommand(
    doc,
    { doc: DOC, id: `cmd-${String(++seq).padStart(6, "0")}`, ...fields },
    actor,
    now,
  );
}

function sessionDoc(): Y.Doc {
  const doc = new Y.Doc();
  initSessionDocument(doc, "hana");
  return doc;
}

describe("spotlight", () => {
  it("the host sets and clears it; each set joins the agenda", () => {
    const doc = sessionDoc();
    const origins: unknown[] = [];
    doc.on("update", (_u: Uint8Array, origin: unknown) => origins.push(origin));
    expect(
      send(doc, hana, {
        type: "spotlight.set",
        chapterId: "ch-1",
        paragraphId: "p-1",
        start: 3,
        end: 8,
      }),
    ).toMatchObject({
      ok: true,
    });
    send(doc, hana, { type: "spotlight.set", chapterId: "ch-1", paragraphId: "p-4" }, t2);
    const live = readLive(doc);
    expect(live.spotlight).toEqual({
      chapterId: "ch-1",
      paragraphId: "p-4",
      setBy: "hana",
      setAt: t2.toISOString(),
    });
    expect(live.agenda.map((s) => s.paragraphId)).toEqual(["p-1", "p-4"]);
    expect(live.agenda[0]).toMatchObject({ start: 3, end: 8 });
    expect(send(doc, hana, { type: "spotlight.clear" })).toMatchObject({
      ok: true,
      result: { changed: true },
    });
    expect(readLive(doc).spotlight).toBeNull();
    expect(origins).toEqual([
      SESSION_COMMAND_ORIGIN,
      SESSION_COMMAND_ORIGIN,
      SESSION_COMMAND_ORIGIN,
    ]);
  });

  it("a member who is not the host may not set or clear it; a moderator may", () => {
    const doc = sessionDoc();
    expect(
      send(doc, bob, { type: "spotlight.set", chapterId: "ch-1", paragraphId: "p-1" }),
    ).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    expect(
      send(doc, mona, { type: "spotlight.set", chapterId: "ch-1", paragraphId: "p-1" }),
    ).toMatchObject({ ok: true });
    expect(send(doc, bob, { type: "spotlight.clear" })).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    expect(readLive(doc).spotlight?.paragraphId).toBe("p-1");
  });

  it("refuses start after end and a non-session document", () => {
    const doc = sessionDoc();
    expect(
      send(doc, hana, {
        type: "spotlight.set",
        chapterId: "c",
        paragraphId: "p",
        start: 9,
        end: 2,
      }),
    ).toMatchObject({
      error: "bad_request",
    });
    expect(
      applySessionCommand(
        doc,
        { doc: "chapter:c", id: "cmd-xxxxxxx", type: "hand.raise" },
        bob,
        t1,
      ),
    ).toMatchObject({ error: "bad_request" });
  });
});

describe("hands and floor", () => {
  it("anyone raises and lowers their own hand, in order, once", () => {
    const doc = sessionDoc();
    send(doc, bob, { type: "hand.raise" }, t1);
    send(doc, cleo, { type: "hand.raise" }, t2);
    expect(send(doc, bob, { type: "hand.raise" }, t2)).toMatchObject({
      ok: true,
      result: { changed: false },
    });
    expect(readLive(doc).queue).toEqual([
      { userId: "bob", raisedAt: t1.toISOString() },
      { userId: "cleo", raisedAt: t2.toISOString() },
    ]);
    send(doc, bob, { type: "hand.lower" });
    expect(readLive(doc).queue.map((h) => h.userId)).toEqual(["cleo"]);
  });

  it("a member may not lower another's hand; the host may", () => {
    const doc = sessionDoc();
    send(doc, cleo, { type: "hand.raise" });
    expect(send(doc, bob, { type: "hand.lower", userId: "cleo" })).toMatchObject({
      error: "forbidden",
    });
    expect(send(doc, hana, { type: "hand.lower", userId: "cleo" })).toMatchObject({ ok: true });
    expect(readLive(doc).queue).toEqual([]);
  });

  it("floor.give takes the user out of the queue and records the floor; only the host gives it", () => {
    const doc = sessionDoc();
    send(doc, bob, { type: "hand.raise" });
    send(doc, cleo, { type: "hand.raise" });
    expect(send(doc, cleo, { type: "floor.give", userId: "cleo" })).toMatchObject({
      error: "forbidden",
    });
    expect(send(doc, hana, { type: "floor.give", userId: "cleo" }, t2)).toMatchObject({ ok: true });
    const live = readLive(doc);
    expect(live.queue.map((h) => h.userId)).toEqual(["bob"]);
    expect(live.floor).toBe("cleo");
    expect(live.floorAt).toBe(t2.toISOString());
  });
});

describe("host.hand", () => {
  it("passes control: the new host sets the spotlight, and an old non-scheduled host loses it", () => {
    const doc = sessionDoc();
    expect(send(doc, bob, { type: "host.hand", userId: "bob" })).toMatchObject({
      error: "forbidden",
    });
    expect(send(doc, hana, { type: "host.hand", userId: "bob" })).toMatchObject({ ok: true });
    expect(readLive(doc).host).toBe("bob");
    expect(
      send(doc, bob, { type: "spotlight.set", chapterId: "c", paragraphId: "p" }),
    ).toMatchObject({ ok: true });
    expect(send(doc, bob, { type: "host.hand", userId: "cleo" })).toMatchObject({ ok: true });
    expect(send(doc, bob, { type: "spotlight.clear" })).toMatchObject({ error: "forbidden" });
  });

  it("initSessionDocument keeps a host already there", () => {
    const doc = sessionDoc();
    send(doc, hana, { type: "host.hand", userId: "bob" });
    initSessionDocument(doc, "hana");
    expect(readLive(doc).host).toBe("bob");
  });
});
