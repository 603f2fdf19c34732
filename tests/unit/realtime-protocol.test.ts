import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, describe, expect, it } from "vitest";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { closeSharedDecodePool } from "@/lib/realtime/decode/validate-update";
import { parseDocName, formatDocName } from "@/lib/documents/names";
import { handleIncomingMessage } from "@/lib/realtime/protocol/handle-incoming-message";
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateMessage,
} from "@/lib/realtime/protocol/messages";

afterAll(() => closeSharedDecodePool());

/** A client as y-websocket runs one: y-protocols' own readSyncMessage on its side. */
function clientReceives(client: Y.Doc, frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(0);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.readSyncMessage(decoder, encoder, client, "server");
  return encoding.length(encoder) > 1 ? encoding.toUint8Array(encoder) : null;
}

function clientStep1(client: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, client);
  return encoding.toUint8Array(encoder);
}

/** Connects a client the way y-websocket does: it sends step 1, the server sends step 1 too. */
async function connect(server: Y.Doc, client: Y.Doc, writable: boolean) {
  const fromServer = await handleIncomingMessage(server, clientStep1(client), {
    writable,
    origin: "peer",
  });
  expect(fromServer.refused).toBeUndefined();
  if (fromServer.reply) clientReceives(client, fromServer.reply);
  const clientStep2 = clientReceives(client, encodeSyncStep1(server));
  if (!clientStep2) throw new Error("client did not answer step 1");
  return handleIncomingMessage(server, clientStep2, { writable, origin: "peer" });
}

function captureUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== "server") updates.push(update);
  });
  return updates;
}

describe("document names", () => {
  it("parses the four kinds strictly", () => {
    expect(parseDocName("chapter:ch_1-A")).toEqual({ kind: "chapter", id: "ch_1-A" });
    expect(parseDocName("session-notes:s1")).toEqual({ kind: "session-notes", id: "s1" });
    for (const bad of [
      "chapter:",
      "chapter",
      "book:1",
      "notes:a b",
      "notes:a:b",
      `notes:${"x".repeat(65)}`,
      ":x",
    ]) {
      expect(parseDocName(bad)).toBeNull();
    }
    expect(formatDocName("notes", "n1")).toBe("notes:n1");
    expect(() => formatDocName("notes", "n/1")).toThrow();
  });
});

describe("handleIncomingMessage - sync", () => {
  it("two clients converge through the server on a writable document", async () => {
    const server = new Y.Doc();
    server.getText("body").insert(0, "server text. ");
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText("body").insert(0, "offline edit by a. ");
    const accepted = await connect(server, a, true);
    expect(accepted.update).toBeInstanceOf(Uint8Array);
    await connect(server, b, true);

    const fromA = captureUpdates(a);
    a.getText("body").insert(0, "live edit. ");
    const result = await handleIncomingMessage(server, encodeUpdateMessage(fromA[0]!), {
      writable: true,
      origin: "a",
    });
    expect(result.refused).toBeUndefined();
    // The server broadcasts what it accepted; b applies it.
    clientReceives(b, encodeUpdateMessage(result.update!));
    // b has not yet seen a's offline edit sent during a's handshake: the server's step 2 brings it.
    clientReceives(b, encodeSyncStep2(server, Y.encodeStateVector(b)));

    const text = server.getText("body").toJSON();
    expect(text).toContain("live edit. ");
    expect(text).toContain("offline edit by a. ");
    expect(a.getText("body").toJSON()).toBe(text);
    expect(b.getText("body").toJSON()).toBe(text);
  });

  it("answers step 1 with step 2 holding what the peer lacks", async () => {
    const server = new Y.Doc();
    server.getMap("m").set("k", "v");
    const client = new Y.Doc();
    const result = await handleIncomingMessage(server, clientStep1(client), {
      writable: false,
      origin: null,
    });
    clientReceives(client, result.reply!);
    expect(client.getMap("m").get("k")).toBe("v");
  });

  it("a read-only peer syncs without refusal, and its write is refused leaving the document unchanged", async () => {
    const server = new Y.Doc();
    const threads = server.getMap("threads");
    threads.set("t1", "first");
    threads.set("t1", "overwritten"); // leaves a deletion in the delete set, echoed back by the peer
    const client = new Y.Doc();
    const handshake = await connect(server, client, false);
    expect(handshake).toEqual({});

    const before = Y.encodeStateAsUpdate(server);
    let serverUpdates = 0;
    server.on("update", () => serverUpdates++);
    const fromClient = captureUpdates(client);
    client.getMap("threads").set("t2", "forged comment");
    const result = await handleIncomingMessage(server, encodeUpdateMessage(fromClient[0]!), {
      writable: false,
      origin: "peer",
    });
    expect(result.refused?.code).toBe("read_only");
    expect(result.update).toBeUndefined();
    // Same write arriving as a step 2 is refused as well.
    const asStep2 = encodeSyncStep2(client, Y.encodeStateVector(server));
    expect(
      (await handleIncomingMessage(server, asStep2, { writable: false, origin: "peer" })).refused
        ?.code,
    ).toBe("read_only");
    expect(serverUpdates).toBe(0);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    expect(server.getMap("threads").has("t2")).toBe(false);
  });

  it("a read-only peer may not delete what the server has", async () => {
    const server = new Y.Doc();
    server.getArray("a").insert(0, [1, 2, 3]);
    const client = new Y.Doc();
    await connect(server, client, false);
    const fromClient = captureUpdates(client);
    client.getArray("a").delete(0, 1);
    const result = await handleIncomingMessage(server, encodeUpdateMessage(fromClient[0]!), {
      writable: false,
      origin: 1,
    });
    expect(result.refused?.code).toBe("read_only");
    expect(server.getArray("a").toArray()).toEqual([1, 2, 3]);
  });

  it("with apply: false the update is returned checked but not applied", async () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    const fromClient = captureUpdates(client);
    client.getText("t").insert(0, "hello");
    const result = await handleIncomingMessage(server, encodeUpdateMessage(fromClient[0]!), {
      writable: true,
      origin: "peer",
      apply: false,
    });
    expect(result.update).toEqual(fromClient[0]);
    expect(server.getText("t").toJSON()).toBe("");
    Y.applyUpdate(server, result.update!, "peer");
    expect(server.getText("t").toJSON()).toBe("hello");
  });

  it("the accepted update carries the caller's origin", async () => {
    const server = new Y.Doc();
    const origins: unknown[] = [];
    server.on("update", (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const client = new Y.Doc();
    const fromClient = captureUpdates(client);
    client.getText("t").insert(0, "x");
    const origin = { socket: "abc" };
    await handleIncomingMessage(server, encodeUpdateMessage(fromClient[0]!), {
      writable: true,
      origin,
    });
    expect(origins).toEqual([origin]);
  });
});

describe("handleIncomingMessage - refusals", () => {
  const server = new Y.Doc();
  const opts = { writable: true, origin: "peer" };

  it("garbage frames are refused and change nothing", async () => {
    const before = Y.encodeStateAsUpdate(server);
    const frames: [Uint8Array, string][] = [
      [new Uint8Array([]), "bad_message"],
      [new Uint8Array([7, 1, 2]), "bad_message"],
      [new Uint8Array([0, 9, 0]), "bad_message"],
      [new Uint8Array([0, 2, 200, 1]), "bad_message"], // declared length past the end
      [new Uint8Array([0, 2, 2, 0, 0, 99]), "bad_message"], // trailing byte
      [new Uint8Array([0, 2, 3, 250, 250, 250]), "malformed"],
      [
        encodeUpdateMessage(
          new Uint8Array([5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
        ),
        "malformed",
      ],
    ];
    for (const [frame, code] of frames) {
      const result = await handleIncomingMessage(server, frame, opts);
      expect(result.refused?.code, `frame ${Array.from(frame).join(",")}`).toBe(code);
    }
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  });

  it("random bytes never throw and never change the document", async () => {
    const before = Y.encodeStateAsUpdate(server);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 40; i++) {
      const payload = Uint8Array.from({ length: 4 + Math.floor(rnd() * 60) }, () =>
        Math.floor(rnd() * 256),
      );
      const result = await handleIncomingMessage(server, encodeUpdateMessage(payload), {
        ...opts,
        apply: false,
      });
      expect(result.update === undefined || result.refused === undefined).toBe(true);
    }
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  });

  it("an oversized frame is refused as too_large", async () => {
    const big = new Y.Doc();
    big.getText("t").insert(0, "x".repeat(5000));
    const frame = encodeUpdateMessage(Y.encodeStateAsUpdate(big));
    const result = await handleIncomingMessage(server, frame, {
      ...opts,
      limits: { maxBytes: 1000, timeoutMs: 1000 },
    });
    expect(result.refused?.code).toBe("too_large");
    expect(server.getText("t").length).toBe(0);
  });
});

describe("handleIncomingMessage - awareness", () => {
  function awarenessFrame(states: Record<number, unknown>): Uint8Array {
    const encoder = encoding.createEncoder();
    const entries = Object.entries(states);
    encoding.writeVarUint(encoder, entries.length);
    for (const [id, state] of entries) {
      encoding.writeVarUint(encoder, Number(id));
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, typeof state === "string" ? state : JSON.stringify(state));
    }
    return encodeAwarenessMessage(encoding.toUint8Array(encoder));
  }

  it("relays a y-protocols awareness update and names its clients, read-only peers included", async () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: "Ada", color: "#f00" }, cursor: null });
    const update = encodeAwarenessUpdate(awareness, [doc.clientID]);
    awareness.destroy();
    const result = await handleIncomingMessage(new Y.Doc(), encodeAwarenessMessage(update), {
      writable: false,
      origin: null,
    });
    expect(result.awareness).toEqual(update);
    expect(result.awarenessEntries).toEqual([
      {
        clientID: doc.clientID,
        clock: expect.any(Number) as number,
        state: { user: { name: "Ada", color: "#f00" }, cursor: null },
      },
    ]);
  });

  it("refuses bad JSON, non-object states, too many clients and oversized states", async () => {
    const doc = new Y.Doc();
    const send = (frame: Uint8Array) =>
      handleIncomingMessage(doc, frame, { writable: true, origin: null });
    expect((await send(awarenessFrame({ 1: "{not json" }))).refused?.code).toBe("malformed");
    expect((await send(awarenessFrame({ 1: [1, 2] }))).refused?.code).toBe("malformed");
    expect((await send(awarenessFrame({ 1: 42 }))).refused?.code).toBe("malformed");
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [i + 1, {}]));
    expect((await send(awarenessFrame(many))).refused?.code).toBe("too_large");
    expect((await send(awarenessFrame({ 1: { pad: "x".repeat(9000) } }))).refused?.code).toBe(
      "too_large",
    );
    expect((await send(awarenessFrame({ 1: null }))).awarenessEntries).toEqual([
      { clientID: 1, clock: 1, state: null },
    ]);
  });
});
