import { getEnv } from "@/lib/env";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors/app-error";
import { MAX_INPUT_BYTES } from "./limits";
import type { TextFileInput } from "./types";

export const MAX_URL_REDIRECTS = 5;
export const DEFAULT_URL_TIMEOUT_MS = 15_000;

export type FetchUrlOptions = {
  /** Allow private, loopback and link-local addresses (tests with a local server only). */
  allowPrivate?: boolean;
  /** Host names allowed to resolve to private addresses (tests: one hop local, the next not). */
  allowPrivateHosts?: string[];
  /** Whole fetch, redirects included. */
  timeoutMs?: number;
  maxBytes?: number;
};

/** The options the server uses: IMPORT_URL_ALLOW_PRIVATE and IMPORT_URL_TIMEOUT_MS. */
export function fetchUrlOptionsFromEnv(env = getEnv()): FetchUrlOptions {
  return {
    allowPrivate: env.IMPORT_URL_ALLOW_PRIVATE,
    timeoutMs: env.IMPORT_URL_TIMEOUT_MS,
    maxBytes: MAX_INPUT_BYTES,
  };
}

/** Content type → a file extension the importer's format detection understands. */
const TYPE_EXTENSIONS: Record<string, string> = {
  "text/html": "html",
  "application/xhtml+xml": "html",
  "application/epub+zip": "epub",
  "text/markdown": "md",
  "text/x-markdown": "md",
  "text/plain": "txt",
  "application/pdf": "pdf",
};

const refuse = (message: string) => new AppError("unprocessable", message);

/**
 * Only public unicast addresses: no loopback, private (RFC 1918, unique local), link-local,
 * multicast, carrier-grade NAT, reserved or unspecified ones, also not when an IPv6 address
 * maps an IPv4 one.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/**
 * Resolves the host and checks every address it has, so a name that resolves to one public
 * and one private address is refused. The connection then goes to the checked address (no
 * second lookup an attacker's DNS could answer differently).
 */
async function resolveCheckedAddress(
  hostname: string,
  allowPrivate: boolean,
): Promise<{ address: string; family: number }> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(bare)) {
    addresses = [{ address: bare, family: bare.includes(":") ? 6 : 4 }];
  } else {
    try {
      addresses = await lookup(bare, { all: true, verbatim: true });
    } catch {
      throw refuse(`The address "${hostname}" could not be found.`);
    }
  }
  const first = addresses[0];
  if (!first) throw refuse(`The address "${hostname}" could not be found.`);
  if (!allowPrivate) {
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked) {
      throw refuse(
        `"${hostname}" is a private, local or reserved address (${blocked.address}); only public web pages can be imported.`,
      );
    }
  }
  return first;
}

function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("bad_request", "This is not a web address (it should start with https://).");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new AppError("bad_request", "Only http:// and https:// addresses can be imported.");
  if (url.username || url.password)
    throw new AppError("bad_request", "Addresses with a user name or password cannot be imported.");
  return url;
}

type RawResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Uint8Array | null;
};

function requestOnce(
  url: URL,
  target: { address: string; family: number },
  maxBytes: number,
  signal: AbortSignal,
): Promise<RawResponse> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "GET",
        lookup: pinned,
        signal,
        headers: {
          "user-agent": "Marginalia text import (+https://github.com/)",
          accept:
            "text/html,application/xhtml+xml,application/epub+zip,application/pdf,text/plain,text/markdown;q=0.9,*/*;q=0.5",
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          resolve({ status, headers: response.headers, body: null });
          return;
        }
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > maxBytes) {
          response.destroy();
          reject(tooLarge(maxBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            response.destroy();
            reject(tooLarge(maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () =>
          resolve({
            status,
            headers: response.headers,
            body: new Uint8Array(Buffer.concat(chunks)),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

const tooLarge = (maxBytes: number) =>
  new AppError(
    "payload_too_large",
    `The page or file at this address is larger than ${Math.round(maxBytes / (1024 * 1024))} MB.`,
  );

function fileNameFor(url: URL, contentType: string): string {
  const last = decodeURIComponent(url.pathname.split("/").filter(Boolean).pop() ?? "");
  const extension = TYPE_EXTENSIONS[contentType];
  if (last && /\.[a-z0-9]{1,8}$/i.test(last)) {
    // A page "essay.php" served as HTML is an .html file to the importer.
    return extension && !/\.(?:html?|xhtml|epub|md|markdown|txt|pdf)$/i.test(last)
      ? `${last}.${extension}`
      : last;
  }
  return `${last || url.hostname}.${extension ?? "txt"}`;
}

/**
 * Fetches a public page or file for import: http/https only, every address of the host
 * checked before connecting, redirects followed by hand (at most MAX_URL_REDIRECTS) and each
 * new address checked again, the body capped at maxBytes while it streams, the whole fetch
 * bounded by timeoutMs. Returns the bytes as an upload would give them.
 */
export async function fetchImportUrl(
  rawUrl: string,
  options: FetchUrlOptions = {},
): Promise<TextFileInput & { url: string }> {
  const allowPrivate = options.allowPrivate ?? false;
  const timeoutMs = options.timeoutMs ?? DEFAULT_URL_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let url = checkedUrl(rawUrl);
    for (let redirects = 0; ; redirects++) {
      const target = await resolveCheckedAddress(
        url.hostname,
        allowPrivate || (options.allowPrivateHosts ?? []).includes(url.hostname),
      );
      let response: RawResponse;
      try {
        response = await requestOnce(url, target, maxBytes, controller.signal);
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (controller.signal.aborted) {
          throw refuse(
            `The address did not answer within ${Math.round(timeoutMs / 1000)} seconds.`,
          );
        }
        throw refuse("The page could not be fetched (the server did not answer properly).");
      }
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.location;
        if (!location)
          throw refuse(`The address redirected (${response.status}) without a target.`);
        if (redirects >= MAX_URL_REDIRECTS)
          throw refuse(`The address redirected more than ${MAX_URL_REDIRECTS} times.`);
        url = checkedUrl(new URL(location, url).toString());
        continue;
      }
      if (response.status !== 200 || !response.body) {
        throw refuse(`The address answered with status ${response.status}, not a page.`);
      }
      const contentType =
        (response.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      return {
        url: url.toString(),
        fileName: fileNameFor(url, contentType),
        bytes: response.body,
        mimeType: contentType || undefined,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}
