// The sync listener behind a TCP balancer: the PROXY header names the workstation's address for
// the fixed-IP check, and it is believed only from the configured balancer.
import proxyProtocol from 'proxy-protocol-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProxyHeader } from '../../src/server/http/proxyProtocol.ts';
import { MUNICIPALITY_HEADER } from '../../src/shared/sync/headers.ts';
import { rawCall, type CallResult } from './helpers/client.ts';
import {
  MUNICIPALITY_A,
  PROVIDER_A,
  REGISTERED,
  UNREGISTERED,
  startFixture,
  type Fixture,
  type Workstation,
} from './helpers/fixture.ts';

const BALANCER = '127.0.0.1';

const v1 = (source: string, family: 'TCP4' | 'TCP6' = 'TCP4'): Buffer =>
  Buffer.from(
    `PROXY ${family} ${source} ${family === 'TCP4' ? '127.0.0.1' : '::1'} 40000 8443\r\n`,
    'latin1',
  );

const v2 = (source: [number, number, number, number], command = proxyProtocol.Command.PROXY): Buffer =>
  Buffer.from(
    new proxyProtocol.V2ProxyProtocol(
      command,
      proxyProtocol.TransportProtocol.STREAM,
      new proxyProtocol.IPv4ProxyAddress(
        proxyProtocol.IPv4Address.createFrom(source),
        40000,
        proxyProtocol.IPv4Address.createFrom([127, 0, 0, 1]),
        8443,
      ),
    ).build(),
  );

describe('reading a PROXY header', () => {
  it('reads v1 for IPv4 and IPv6, with what follows left alone', () => {
    const tail = Buffer.from([0x16, 0x03, 0x01]);
    const r = readProxyHeader(Buffer.concat([v1('192.0.2.7'), tail]));
    expect(r).toEqual({ kind: 'header', length: v1('192.0.2.7').length, source: { address: '192.0.2.7' } });
    const r6 = readProxyHeader(v1('2001:db8::7', 'TCP6'));
    expect(r6).toMatchObject({
      kind: 'header',
      source: { address: '2001:0db8:0000:0000:0000:0000:0000:0007' },
    });
    expect(readProxyHeader(Buffer.from('PROXY UNKNOWN\r\n'))).toMatchObject({
      kind: 'header',
      source: { address: null },
    });
  });

  it('reads v2, PROXY and LOCAL', () => {
    const h = v2([192, 0, 2, 9]);
    expect(readProxyHeader(Buffer.concat([h, Buffer.from('rest')]))).toEqual({
      kind: 'header',
      length: h.length,
      source: { address: '192.0.2.9' },
    });
    expect(readProxyHeader(v2([192, 0, 2, 9], proxyProtocol.Command.LOCAL))).toMatchObject({
      kind: 'header',
      source: { address: null },
    });
  });

  it('waits for every byte of a header that arrives in pieces', () => {
    for (const h of [v1('192.0.2.7'), v2([192, 0, 2, 9])])
      for (let n = 0; n < h.length; n++)
        expect(readProxyHeader(h.subarray(0, n))).toEqual({ kind: 'incomplete' });
  });

  it('refuses what is not a header', () => {
    for (const bad of [
      Buffer.from([0x16, 0x03, 0x01, 0x00]), // a TLS ClientHello: no header at all
      Buffer.from('GET / HTTP/1.1\r\n'),
      Buffer.from(`PROXY TCP4 ${'9'.repeat(120)}`), // no CRLF within the specification's 107 bytes
      Buffer.from('PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n'),
    ])
      expect(readProxyHeader(bad).kind).toBe('invalid');
  });
});

describe('the sync listener behind a balancer', () => {
  let fx: Fixture;
  let ws: Workstation;
  beforeAll(async () => {
    fx = await startFixture(
      { engine: 'pglite', dataDir: null },
      { configure: (c) => ({ ...c, proxyProtocolFrom: [BALANCER] }) },
    );
    ws = await fx.enrol(PROVIDER_A, MUNICIPALITY_A);
  }, 60_000);
  afterAll(async () => fx?.close());

  const time = (localAddress: string, before?: Uint8Array): Promise<CallResult> =>
    rawCall({
      port: fx.server.port,
      ca: fx.ca,
      target: '/v1/time',
      identity: ws,
      headers: { [MUNICIPALITY_HEADER]: ws.municipalityId },
      localAddress,
      ...(before ? { before } : {}),
    });
  /** The HTTP status, or 0 when the connection ended (or failed) before any answer. */
  const status = (p: Promise<CallResult>): Promise<number> =>
    p.then(
      (r) => r.status,
      () => 0,
    );
  const code = (r: CallResult): unknown => (r.json as { error?: { code?: string } }).error?.code;

  it('takes the address from the balancer’s header, v1 and v2', async () => {
    expect((await time(BALANCER, v1(REGISTERED))).status).toBe(200);
    expect((await time(BALANCER, v2([127, 0, 0, 2]))).status).toBe(200);
  });

  it('checks the named address against the fixed addresses, not the balancer’s', async () => {
    const r = await time(BALANCER, v1(UNREGISTERED));
    expect(r.status).toBe(403);
    expect(code(r)).toBe('sync.addressNotRegistered');
    const local = await time(BALANCER, v2([127, 0, 0, 2], proxyProtocol.Command.LOCAL));
    expect(code(local)).toBe('sync.addressNotRegistered');
  });

  it('drops a balancer’s connection that starts without a header', async () => {
    expect(await status(time(BALANCER))).toBe(0);
    expect(fx.logs.some((l) => l.msg === 'connection refused: PROXY header')).toBe(true);
  });

  it('believes no header from anyone else: the handshake fails on it', async () => {
    expect(await status(time(UNREGISTERED, v1(REGISTERED)))).toBe(0);
    // Without a header, a direct connection is judged by its own address.
    expect((await time(REGISTERED)).status).toBe(200);
    expect(code(await time(UNREGISTERED))).toBe('sync.addressNotRegistered');
  });
});
