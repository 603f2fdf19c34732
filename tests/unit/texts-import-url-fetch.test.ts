/**
 * The URL import's fetcher against real local HTTP servers: what it refuses (loopback by
 * default, a redirect to a private address, other schemes, too large, too slow, too many
 * redirects) and what it returns (bytes, a file name and a type the importer understands).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { fetchImportUrl, isPublicAddress } from "@/lib/texts/import/fetch-url";

let server: http.Server;
let port = 0;
const open = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    if (path === "/essay") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end("<html><head><title>An Essay</title></head><body><p>Text.</p></body></html>");
    } else if (path === "/to-loopback") {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/essay` });
      response.end();
    } else if (path.startsWith("/loop")) {
      const n = Number(path.slice(5) || 0);
      response.writeHead(301, { location: `/loop${n + 1}` });
      response.end();
    } else if (path === "/huge") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("x".repeat(4096));
    } else if (path === "/huge-unannounced") {
      response.writeHead(200, { "content-type": "text/plain" });
      for (let i = 0; i < 8; i++) response.write("y".repeat(1024));
      response.end();
    } else if (path === "/slow") {
      open.add(response);
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("begins, then never ends");
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const response of open) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("fetching a page to import", () => {
  it("classifies addresses: public unicast only", () => {
    expect(isPublicAddress("93.184.216.34")).toBe(true);
    expect(isPublicAddress("2606:4700:4700::1111")).toBe(true);
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "fe80::1",
      "fd00::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "not an address",
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it("refuses a loopback address by default, before connecting", async () => {
    const error = await refusal(fetchImportUrl(`http://127.0.0.1:${port}/essay`));
    expect(error.code).toBe("unprocessable");
    expect(error.message).toMatch(/private, local or reserved/);
    const named = await refusal(fetchImportUrl(`http://localhost:${port}/essay`));
    expect(named.message).toMatch(/private, local or reserved/);
  });

  it("checks every redirect again: an allowed host that redirects to loopback is refused", async () => {
    const allowLocalhost = { allowPrivateHosts: ["localhost"] };
    const direct = await fetchImportUrl(`http://localhost:${port}/essay`, allowLocalhost);
    expect(direct.mimeType).toBe("text/html");
    const error = await refusal(
      fetchImportUrl(`http://localhost:${port}/to-loopback`, allowLocalhost),
    );
    expect(error.message).toMatch(/127\.0\.0\.1.*private, local or reserved/);
  });

  it("follows redirects by hand, at most five", async () => {
    const error = await refusal(
      fetchImportUrl(`http://127.0.0.1:${port}/loop0`, { allowPrivate: true }),
    );
    expect(error.message).toMatch(/more than 5 times/);
  });

  it("refuses other schemes and malformed addresses", async () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://example.org/a.txt",
      "javascript:alert(1)",
      "gopher://x",
    ]) {
      const error = await refusal(fetchImportUrl(url, { allowPrivate: true }));
      expect(error.code, url).toBe("bad_request");
    }
    expect((await refusal(fetchImportUrl("not a url"))).code).toBe("bad_request");
  });

  it("refuses a body over the size limit, announced or not", async () => {
    const options = { allowPrivate: true, maxBytes: 2048 };
    const announced = await refusal(fetchImportUrl(`http://127.0.0.1:${port}/huge`, options));
    expect(announced.code).toBe("payload_too_large");
    const streamed = await refusal(
      fetchImportUrl(`http://127.0.0.1:${port}/huge-unannounced`, options),
    );
    expect(streamed.code).toBe("payload_too_large");
  });

  it("gives up on a server that does not finish within the time limit", async () => {
    const error = await refusal(
      fetchImportUrl(`http://127.0.0.1:${port}/slow`, { allowPrivate: true, timeoutMs: 300 }),
    );
    expect(error.message).toMatch(/did not answer within/);
  });

  it("returns the bytes with a file name and type the importer understands", async () => {
    const page = await fetchImportUrl(`http://127.0.0.1:${port}/essay`, { allowPrivate: true });
    expect(page.fileName).toBe("essay.html");
    expect(page.mimeType).toBe("text/html");
    expect(new TextDecoder().decode(page.bytes)).toContain("<title>An Essay</title>");
  });
});
