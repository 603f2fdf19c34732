import * as decoding from "lib0/decoding";

/**
 * lib0's readVarUint8Array makes a view on the underlying ArrayBuffer without checking the
 * declared length against the array it was given; Node hands socket payloads out of a shared
 * pool, so a lying length could read a neighbour's bytes. These readers check first.
 */
export function readBoundedBytes(decoder: decoding.Decoder, max: number): Uint8Array {
  const length = decoding.readVarUint(decoder);
  const remaining = decoder.arr.length - decoder.pos;
  if (length > remaining) throw new RangeError("declared length runs past the end of the frame");
  if (length > max) throw new RangeError("declared length is over the limit");
  const bytes = decoder.arr.slice(decoder.pos, decoder.pos + length);
  decoder.pos += length;
  return bytes;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function readBoundedString(decoder: decoding.Decoder, max: number): string {
  return utf8.decode(readBoundedBytes(decoder, max));
}

/** Copy into a fresh ArrayBuffer so nothing downstream can see past the frame. */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
