import { z } from "zod";

/** Client-made ids (UUIDs fit too): the server refuses one that already names something else. */
export const ZClientId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "ids are 8 to 64 of A-Z a-z 0-9 _ -");

export const ZEntityId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "ids are 1 to 64 of A-Z a-z 0-9 _ -");
