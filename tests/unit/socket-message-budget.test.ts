import { describe, expect, it } from "vitest";
import { SOCKET_LIMITS, takeSocketMessage, type SocketState } from "@/lib/realtime/socket-state";

const fresh = () => ({ messagesInWindow: 0, windowEndsAt: 0 }) as SocketState;
const { points, duration } = SOCKET_LIMITS.messages;

describe("a socket's own message budget (join and y)", () => {
  it("lets the budget through, then refuses until the window that began with the first ends", () => {
    const state = fresh();
    const start = 1_000_000;
    for (let i = 0; i < points; i++) expect(takeSocketMessage(state, start + i)).toBe(0);
    expect(takeSocketMessage(state, start + 2_500)).toBe(duration * 1000 - 2_500);
    expect(takeSocketMessage(state, start + duration * 1000 - 1)).toBe(1);
  });

  it("a new window starts afresh once the last one has ended", () => {
    const state = fresh();
    for (let i = 0; i <= points; i++) takeSocketMessage(state, 0);
    expect(takeSocketMessage(state, duration * 1000)).toBe(0);
    expect(state.messagesInWindow).toBe(1);
  });
});
