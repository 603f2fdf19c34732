/**
 * A document held as its stored bytes (LiveDocument.fromImage) answers the y-protocols sync the
 * way a decoded one does: a peer's step 1 gets exactly what it lacks, read from the bytes, and
 * the document stays undecoded until a frame must be read against it.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { closeSharedDecodePool } from "@/lib/realtime/decode/validate-update";
import { LiveDocument } from "@/lib/realtime/live-document";
import { handleIncomingMessage } from "@/lib/realtime/protocol/handle-incoming-message";
import { encodeUpdateMessage } from "@/lib/realtime/protocol/messages";

afterAll(() => closeSharedDecodePool());

function step1Of(client: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, client);
  return encoding.toUint8Array(encoder);
}

/** Applies a server's step 2 to `client` as y-protocols clients do. */
function receive(client: Y.Doc, frame: Uint8Array): void {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(0);
  syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, "server");
}

function storedDocument(): { source: Y.Doc; held: LiveDocument } {
  const source = new Y.Doc();
  const threads = source.getMap<string>("threads");
  for (let i = 0; i < 50; i++) threads.set(`t${i}`, `thought ${i} 🧵 שלום`);
  const update = Y.encodeStateAsUpdate(source);
  const image = { update, stateVector: Y.encodeStateVectorFromUpdate(update) };
  return { source, held: LiveDocument.fromImage("chapter:held", image, 1n, 1) };
}

it("answers a new peer's step 1 with the whole state, from the bytes", async () => {
  const { source, held } = storedDocument();
  const result = await handleIncomingMessage(held, step1Of(new Y.Doc()), {
    writable: false,
    origin: "peer",
  });
  const peer = new Y.Doc();
  receive(peer, result.reply ?? new Uint8Array());
  expect(peer.getMap("threads").toJSON()).toEqual(source.getMap("threads").toJSON());
  expect(held.decoded).toBe(false);
  expect(held.stateVector()).toEqual(Y.encodeStateVector(source));
});

it("answers a peer that holds part of it with only what it lacks", async () => {
  const { source, held } = storedDocument();
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(source));
  source.getMap<string>("threads").set("later", "written after the peer synced");
  const later = Y.encodeStateAsUpdate(source);
  const heldLater = LiveDocument.fromImage(
    "chapter:held",
    { update: later, stateVector: Y.encodeStateVectorFromUpdate(later) },
    2n,
    2,
  );
  const result = await handleIncomingMessage(heldLater, step1Of(peer), {
    writable: false,
    origin: "peer",
  });
  const reply = result.reply ?? new Uint8Array();
  expect(reply.length).toBeLessThan(later.length / 4);
  receive(peer, reply);
  expect(peer.getMap("threads").get("later")).toBe("written after the peer synced");
  expect(heldLater.decoded).toBe(false);
  expect(held.decoded).toBe(false);
});

it("is decoded, with the same state, when a frame must be read against it", async () => {
  const { source, held } = storedDocument();
  const echo = Y.encodeStateAsUpdate(source);
  // A read-only peer echoing what the server has: checked against the document, no write.
  const result = await handleIncomingMessage(held, encodeUpdateMessage(echo), {
    writable: false,
    origin: "peer",
  });
  expect(result.refused).toBeUndefined();
  expect(held.decoded).toBe(true);
  expect(held.doc.getMap("threads").toJSON()).toEqual(source.getMap("threads").toJSON());
  expect(held.fullState()).toEqual(echo);
});

it("sends joiners one encoding of the state and the changes since, until those outgrow it", () => {
  const live = new LiveDocument("chapter:busy", [], 1n, 1);
  const threads = live.doc.getMap<string>("threads");
  for (let i = 0; i < 200; i++)
    threads.set(`t${i}`, `a thought of an ordinary length, number ${i}`);
  const [base] = live.joinFrames();
  // A few changes later (a busy document), joiners get the same base and one update.
  for (let i = 0; i < 5; i++) threads.set(`new${i}`, `written while others join ${i}`);
  const frames = live.joinFrames();
  expect(frames).toHaveLength(2);
  expect(frames[0]).toBe(base);
  expect(live.joinFrames()[1]).toBe(frames[1]);
  const joiner = new Y.Doc();
  for (const frame of frames) receive(joiner, frame);
  expect(joiner.getMap("threads").toJSON()).toEqual(threads.toJSON());
  expect(Y.encodeStateVector(joiner)).toEqual(live.stateVector());

  // Changes past a quarter of the state: the state is encoded again, alone.
  for (let i = 0; i < 100; i++) threads.set(`more${i}`, `a thought of an ordinary length, ${i}`);
  const fresh = live.joinFrames();
  expect(fresh).toHaveLength(1);
  expect(fresh[0]).not.toBe(base);
  const late = new Y.Doc();
  receive(late, fresh[0] ?? new Uint8Array());
  expect(late.getMap("threads").toJSON()).toEqual(threads.toJSON());
});
