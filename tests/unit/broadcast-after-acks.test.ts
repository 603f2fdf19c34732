/**
 * A stored change goes to its document's readers after the acknowledgements of the same turn
 * (lib/realtime/after-acks.ts): the writer's "saved" does not wait behind a frame per reader.
 */
import { expect, it } from "vitest";
import { afterAcks } from "@/lib/realtime/after-acks";

/** An ack reached through a chain of awaits, as executeCommand's result reaches on-command. */
async function ackThroughAwaits(depth: number, events: string[], name: string): Promise<void> {
  for (let i = 0; i < depth; i++) await Promise.resolve();
  events.push(`ack ${name}`);
}

it("sends the room's frames after the acks of the same turn, however deep their awaits", async () => {
  const namespace = {};
  const events: string[] = [];
  afterAcks(namespace)(() => events.push("broadcast a"));
  const ackA = ackThroughAwaits(25, events, "a");
  afterAcks(namespace)(() => events.push("broadcast b"));
  const ackB = ackThroughAwaits(40, events, "b");
  await Promise.all([ackA, ackB]);
  expect(events).toEqual(["ack a", "ack b"]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(events).toEqual(["ack a", "ack b", "broadcast a", "broadcast b"]);
});

it("keeps the order changes were stored in, across turns and when one send fails", async () => {
  const namespace = {};
  const sent: number[] = [];
  const queue = afterAcks(namespace);
  expect(afterAcks(namespace)).toBe(queue);
  queue(() => sent.push(1));
  queue(() => {
    throw new Error("a closed socket");
  });
  queue(() => sent.push(3));
  await new Promise((resolve) => setImmediate(resolve));
  queue(() => sent.push(4));
  await new Promise((resolve) => setImmediate(resolve));
  expect(sent).toEqual([1, 3, 4]);
});

it("gives each namespace (each server) its own queue", () => {
  expect(afterAcks({})).not.toBe(afterAcks({}));
});
