"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { TGroupChangeEvent, TGroupChangePayload } from "@/lib/app/group-changes";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";
import { collabConnection, type CollabConnection } from "@/lib/collab-client/connection";

export function useCollabConnection(userId: string): CollabConnection | null {
  const [connection, setConnection] = useState<CollabConnection | null>(null);
  useEffect(() => setConnection(collabConnection(userId)), [userId]);
  return connection;
}

/** Re-renders on every change of the connection (status, unsent work, notices). */
export function useConnectionVersion(connection: CollabConnection | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => connection?.subscribe(() => setVersion((v) => v + 1)), [connection]);
  return version;
}

export function useCollabDoc(
  connection: CollabConnection | null,
  name: string | null,
): CollabDoc | null {
  const [doc, setDoc] = useState<CollabDoc | null>(null);
  useEffect(() => {
    if (!connection || !name) return;
    const opened = connection.open(name);
    setDoc(opened);
    return () => {
      connection.close(name);
      setDoc(null);
    };
  }, [connection, name]);
  return doc;
}

/** A value derived from a document, recomputed on every change of the document or its presence. */
export function useDocValue<T>(doc: CollabDoc | null, read: (doc: CollabDoc) => T, empty: T): T {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const bump = () => setVersion((v) => v + 1);
    doc.doc.on("update", bump);
    const unsubscribe = doc.subscribe(bump);
    return () => {
      doc.doc.off("update", bump);
      unsubscribe();
    };
  }, [doc]);
  // `read` is usually an inline function; the document and its version decide freshness.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (doc ? read(doc) : empty), [doc, version]);
}

/**
 * Runs `refresh` when the server nudges that something of a group changed (`event`, when
 * `matches` its payload), and after every (re)connection, since nudges sent while the socket was
 * away never arrive. The latest `matches` and `refresh` are used without re-subscribing.
 */
export function useGroupChange<TEvent extends TGroupChangeEvent>(
  connection: CollabConnection | null,
  event: TEvent,
  matches: ((payload: TGroupChangePayload<TEvent>) => boolean) | null,
  refresh: () => void,
): void {
  const latest = useRef({ matches, refresh });
  useEffect(() => {
    latest.current = { matches, refresh };
  });
  useEffect(() => {
    if (!connection) return;
    const onChange = (payload: TGroupChangePayload<TEvent>) => {
      if (latest.current.matches?.(payload) ?? true) latest.current.refresh();
    };
    let status = connection.status;
    const unsubscribe = connection.subscribe(() => {
      const reconnected = status !== "connected" && connection.status === "connected";
      status = connection.status;
      if (reconnected) latest.current.refresh();
    });
    // Widened to a plain name: socket.io's listener types do not follow a generic event name.
    const name: string = event;
    connection.socket.on(name, onChange);
    return () => {
      unsubscribe();
      connection.socket.off(name, onChange);
    };
  }, [connection, event]);
}
