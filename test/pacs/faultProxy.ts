// A proxy in front of a real server that misbehaves on purpose, as networks and PACS do: it holds an
// answer after its headers (a stall), cuts it in the middle, answers 500 or 503, or delays it. Faults
// are drawn from a seeded generator, so a test sees the same faults on every run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Faults {
  /** Fractions of the matching requests (0..1) that stall after the headers, are cut mid-body, or get a 500 / 503. */
  stall?: number;
  cut?: number;
  error500?: number;
  error503?: number;
  /** Added before every matching answer, in ms. */
  delayMs?: number;
  /** Paths that get this fault on every request, whether or not they match the proxy's `matching`. */
  always?: readonly { path: RegExp; fault: Fault }[];
}

export type Fault = 'stall' | 'cut' | '500' | '503';

export interface FaultProxy {
  /** http://127.0.0.1:PORT, standing for the server. */
  readonly url: string;
  /** The faults from now on (none: pass everything through). */
  setFaults(faults: Faults): void;
  /** Every fault injected, in order, with the path it was injected on. */
  readonly injected: readonly { path: string; fault: Fault }[];
  close(): Promise<void>;
}

/** Starts the proxy on a free loopback port; faults apply to requests whose path matches `matching`. */
export async function startFaultProxy(target: string, matching: RegExp, seed = 1): Promise<FaultProxy> {
  let faults: Faults = {};
  const injected: { path: string; fault: Fault }[] = [];
  const random = mulberry32(seed);
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((request, reply) => {
    const path = request.url ?? '/';
    const fault = faults.always?.find((rule) => rule.path.test(path))?.fault ?? (matching.test(path) ? draw(faults, random()) : undefined);
    if (fault) injected.push({ path, fault });
    const upstream = http.request(new URL(path, target), { method: request.method, headers: request.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        setTimeout(() => send(reply, answer, body, fault), matching.test(path) ? (faults.delayMs ?? 0) : 0);
      });
      answer.on('error', () => reply.destroy());
    });
    upstream.on('error', () => (reply.headersSent ? reply.destroy() : reply.writeHead(502).end()));
    request.pipe(upstream);
  });

  function send(reply: http.ServerResponse, answer: http.IncomingMessage, body: Buffer, fault: Fault | undefined) {
    if (fault === '500' || fault === '503') {
      reply.writeHead(Number(fault), { 'Content-Type': 'text/plain' }).end('injected fault');
      return;
    }
    const headers = { ...answer.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    reply.writeHead(answer.statusCode ?? 502, headers);
    if (fault === 'stall') {
      // Headers sent, then nothing: the connection stays open until the other side gives up.
      reply.flushHeaders();
      held.add(reply);
      reply.on('close', () => held.delete(reply));
    } else if (fault === 'cut') {
      reply.write(body.subarray(0, Math.floor(body.length / 2)), () => reply.destroy());
    } else reply.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFaults: (next) => {
      faults = next;
    },
    injected,
    close: async () => {
      for (const reply of held) reply.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function draw(faults: Faults, value: number): Fault | undefined {
  const order: [Fault, number | undefined][] = [
    ['stall', faults.stall],
    ['cut', faults.cut],
    ['500', faults.error500],
    ['503', faults.error503],
  ];
  let edge = 0;
  for (const [fault, share] of order) {
    edge += share ?? 0;
    if (value < edge) return fault;
  }
  return undefined;
}

/** A small seeded generator (mulberry32): the same faults on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
