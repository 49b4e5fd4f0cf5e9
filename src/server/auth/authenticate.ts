// Every /v1 request: client version → certificate chain → workstation (not revoked) → provider →
// municipality → the provider's fixed addresses. TLS lets unauthenticated clients through the
// handshake (rejectUnauthorized: false) precisely so this can answer with a code the workstation
// can explain, instead of a bare handshake failure.
import type { TLSSocket } from 'node:tls';
import type { IncomingHttpHeaders } from 'node:http';
import { and, eq, or, sql } from 'drizzle-orm';
import { CLIENT_VERSION_HEADER, MUNICIPALITY_HEADER, compareVersions } from '../../shared/sync/headers.ts';
import type { ServerContext } from '../context.ts';
import { providerAddresses, providers, workstations } from '../db/schema.ts';
import { SyncError } from '../errors.ts';
import { clientAddress } from './addresses.ts';
import type { Principal } from './principal.ts';
import type { ProxySources } from '../http/proxyProtocol.ts';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function checkClientVersion(ctx: ServerContext, headers: IncomingHttpHeaders): void {
  const version = header(headers, CLIENT_VERSION_HEADER);
  if (version === undefined || compareVersions(version, ctx.config.minClientVersion) < 0) {
    throw new SyncError(
      'sync.updateRequired',
      `this server needs CareDock ${ctx.config.minClientVersion} or later`,
      {
        minClientVersion: ctx.config.minClientVersion,
      },
    );
  }
}

/** Whom the sync listener believes about a client's address besides the socket itself. */
export interface SourcePolicy {
  /** HTTP reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: ReadonlySet<string>;
  /** TCP balancers' PROXY headers, when the listener accepts them. */
  balancers: ProxySources | null;
}

export function sourceAddressOf(
  socket: TLSSocket,
  headers: IncomingHttpHeaders,
  policy: SourcePolicy,
): string | null {
  const proxied = policy.balancers?.sourceOf(socket);
  // A balancer's connection is only ever its client's: with no address in its header, none.
  if (proxied !== undefined && proxied.address === null) return null;
  return clientAddress(
    proxied?.address ?? socket.remoteAddress,
    headers['x-forwarded-for'],
    policy.trustedProxies,
  );
}

/** How stale the console's "last contact" may get before a request writes it again. */
const CONTACT_RESOLUTION_MS = 60_000;

/**
 * Keeps what the console shows of a workstation (last contact, address, version) current, with
 * a write only when something changed or a minute has passed: most syncs cost no extra write.
 */
async function noteContact(
  ctx: ServerContext,
  w: { id: string; lastSeenAt: Date | null; lastAddress: string | null; clientVersion: string | null },
  seen: { address: string; version: string | null },
): Promise<void> {
  const now = ctx.now();
  if (
    w.lastSeenAt !== null &&
    now.getTime() - w.lastSeenAt.getTime() < CONTACT_RESOLUTION_MS &&
    w.lastAddress === seen.address &&
    w.clientVersion === seen.version
  )
    return;
  await ctx.database.db
    .update(workstations)
    .set({ lastSeenAt: now, lastAddress: seen.address, clientVersion: seen.version })
    .where(eq(workstations.id, w.id));
}

export async function authenticate(
  ctx: ServerContext,
  socket: TLSSocket,
  headers: IncomingHttpHeaders,
  policy: SourcePolicy,
): Promise<Principal> {
  checkClientVersion(ctx, headers);
  const peer = socket.getPeerCertificate(false);
  if (!peer || Object.keys(peer).length === 0 || !peer.fingerprint256) {
    throw new SyncError('sync.certificateMissing', 'the request carried no client certificate');
  }
  if (!socket.authorized) {
    const reason = String(socket.authorizationError ?? 'unknown');
    if (reason === 'CERT_HAS_EXPIRED')
      throw new SyncError('sync.certificateExpired', 'the client certificate has expired');
    throw new SyncError(
      'sync.certificateInvalid',
      `the client certificate was not issued by this server's CA (${reason})`,
    );
  }
  const address = sourceAddressOf(socket, headers, policy);
  const [w] = await ctx.database.db
    .select({
      id: workstations.id,
      providerId: workstations.providerId,
      revokedAt: workstations.revokedAt,
      certFingerprint: workstations.certFingerprint,
      certNotAfter: workstations.certNotAfter,
      previousCertFingerprint: workstations.previousCertFingerprint,
      previousCertNotAfter: workstations.previousCertNotAfter,
      lastSeenAt: workstations.lastSeenAt,
      lastAddress: workstations.lastAddress,
      clientVersion: workstations.clientVersion,
      municipalityId: providers.municipalityId,
      addressRegistered: address
        ? sql<boolean>`EXISTS (SELECT 1 FROM ${providerAddresses} WHERE ${and(
            eq(providerAddresses.providerId, workstations.providerId),
            eq(providerAddresses.address, address),
          )})`
        : sql<boolean>`false`,
    })
    .from(workstations)
    .innerJoin(providers, eq(providers.id, workstations.providerId))
    .where(
      or(
        eq(workstations.certFingerprint, peer.fingerprint256),
        eq(workstations.previousCertFingerprint, peer.fingerprint256),
      ),
    );
  if (!w)
    throw new SyncError(
      'sync.certificateUnknown',
      'the client certificate belongs to no enrolled workstation',
    );
  if (w.revokedAt !== null)
    throw new SyncError('sync.certificateRevoked', 'this workstation has been revoked');
  // After a renewal the replaced certificate still authenticates until the new one is used.
  const current = w.certFingerprint === peer.fingerprint256;
  const notAfter = current ? w.certNotAfter : (w.previousCertNotAfter ?? w.certNotAfter);
  // The TLS layer checked expiry against the OS clock; this checks it against the server's own.
  if (notAfter <= ctx.now())
    throw new SyncError('sync.certificateExpired', 'the client certificate has expired');
  if (!address || !w.addressRegistered) {
    throw new SyncError(
      'sync.addressNotRegistered',
      `the address ${address ?? '(unknown)'} is not registered for this provider`,
      {
        sourceAddress: address ?? '',
      },
    );
  }
  const claimed = header(headers, MUNICIPALITY_HEADER);
  if (claimed !== w.municipalityId) {
    throw new SyncError(
      'sync.wrongMunicipality',
      'the certificate belongs to another municipality than the install profile',
    );
  }
  await noteContact(ctx, w, { address, version: header(headers, CLIENT_VERSION_HEADER) ?? null });
  // The first request with the renewed certificate shows the workstation has stored it (it stores
  // the new pair before using it), so the replaced one is retired now rather than at its expiry:
  // an old key left on a disk somewhere opens nothing.
  if (current && w.previousCertFingerprint !== null) {
    await ctx.database.db
      .update(workstations)
      .set({ previousCertFingerprint: null, previousCertNotAfter: null })
      .where(and(eq(workstations.id, w.id), eq(workstations.certFingerprint, peer.fingerprint256)));
    ctx.log.info({ workstationId: w.id }, 'renewed certificate in use; the replaced one is retired');
  }
  return {
    workstationId: w.id,
    providerId: w.providerId,
    municipalityId: w.municipalityId,
    sourceAddress: address,
    certificateNotAfter: notAfter,
    certificateFingerprint: peer.fingerprint256,
  };
}
