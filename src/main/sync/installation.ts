// Installing this workstation for one municipality: the profile and the one-time code are
// checked, a key pair and a certificate request are made here, the server signs the request, and
// the certificate is checked to be for our key before anything is stored.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { CareDockError } from '../../shared/errors/index.ts';
import {
  enrolResponseSchema,
  enrolmentCodeSchema,
  installProfileSchema,
  type EnrolResponse,
  type InstallProfile,
} from '../../shared/sync/index.ts';
import type { Logger } from '../log/logger.ts';
import { Channel, type Answer } from './channel.ts';
import { failureFromAnswer, failureFromError } from './failures.ts';

export interface InstallInput {
  profile: string;
  code: string;
  workstationName?: string;
  sourceAddress?: string | null;
}

export interface Enrolled {
  profile: InstallProfile;
  enrolled: EnrolResponse;
  workstationName: string;
  sourceAddress: string | null;
  privateKeyPem: string;
}

/** A source address must be an IP address (the server accepts only registered ones). */
export function checkSourceAddress(address: string | null): void {
  if (address !== null && isIP(address) === 0)
    throw new CareDockError('sync.sourceAddressInvalid', { address });
}

/**
 * Enrols with the server the profile names. Stores nothing: the caller keeps the key and the
 * installation once this returns. `storedSourceAddress` is the setting to fall back on.
 */
export async function enrol(
  input: InstallInput,
  storedSourceAddress: string | null,
  o: { clientVersion: string; timeoutMs: number; log: Logger },
): Promise<Enrolled> {
  let profile: InstallProfile;
  try {
    const parsed = installProfileSchema.safeParse(JSON.parse(input.profile));
    if (!parsed.success) throw new Error('profile');
    profile = parsed.data;
  } catch {
    throw new CareDockError('sync.profileInvalid');
  }
  const code = enrolmentCodeSchema.safeParse(input.code);
  if (!code.success) throw new CareDockError('sync.enrolmentCodeInvalid');
  const sourceAddress = input.sourceAddress === undefined ? storedSourceAddress : input.sourceAddress;
  checkSourceAddress(sourceAddress);
  const workstationName = input.workstationName ?? 'CareDock';

  // X.509 (and its ASN.1 schemas) is needed once per installation: loaded then, not at every start.
  const { buildCsrPem, generateWorkstationKey } = await import('./csr.ts');
  const keys = generateWorkstationKey();
  const csrPem = await buildCsrPem(keys, workstationName);
  const channel = new Channel({
    serverUrl: profile.serverUrl,
    caCertificatePem: profile.caCertificatePem,
    clientVersion: o.clientVersion,
    localAddress: sourceAddress,
    timeoutMs: o.timeoutMs,
  });
  let answer: Answer;
  try {
    answer = await channel.request(
      'POST',
      '/v1/enrol',
      JSON.stringify({ code: code.data, csrPem, municipalityId: profile.municipalityId, workstationName }),
    );
  } catch (err) {
    throw failureFromError(err, sourceAddress);
  } finally {
    channel.close();
  }
  if (answer.status < 200 || answer.status >= 300) {
    const f = failureFromAnswer(answer, {
      providerName: profile.municipalityName,
      certificateNotAfter: null,
    });
    o.log.warn({ errorCode: f.code, status: answer.status }, 'enrolment refused');
    throw f;
  }
  const enrolled = enrolResponseSchema.safeParse(answer.json);
  if (!enrolled.success) throw new CareDockError('sync.enrolmentMismatch');
  const e = enrolled.data;
  let ours = false;
  try {
    const cert = new X509Certificate(e.certificatePem);
    const spki = (k: typeof keys.publicKey) => k.export({ type: 'spki', format: 'der' });
    ours = spki(cert.publicKey).equals(spki(keys.publicKey));
  } catch {
    ours = false;
  }
  if (!ours || e.municipalityId !== profile.municipalityId) throw new CareDockError('sync.enrolmentMismatch');
  return { profile, enrolled: e, workstationName, sourceAddress, privateKeyPem: keys.privateKeyPem };
}
