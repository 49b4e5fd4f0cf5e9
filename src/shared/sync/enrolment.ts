// Installing a workstation for one municipality: the admin imports the install profile, the
// workstation makes its key pair and a CSR, and POST /v1/enrol swaps CSR + one-time code for a
// client certificate. The private key never leaves the PC.
import { z } from 'zod';
import { retentionPolicySchema } from './entities.ts';
import { externalIdSchema, isoInstantSchema, uuidSchema } from './ids.ts';

export const INSTALL_PROFILE_FORMAT = 'caredock-install-profile';

export const installProfileSchema = z.object({
  format: z.literal(INSTALL_PROFILE_FORMAT),
  version: z.literal(1),
  /** Base URL of the central server, e.g. https://sync.kommun.se:8443/ */
  serverUrl: z.url({ protocol: /^https$/ }),
  /** The municipality CA the workstation pins (PEM). */
  caCertificatePem: z.string().includes('-----BEGIN CERTIFICATE-----'),
  municipalityId: externalIdSchema,
  municipalityName: z.string().min(1).max(200),
  /** The municipality's retention rules; later changes come by sync. */
  retention: retentionPolicySchema.optional(),
});
export type InstallProfile = z.infer<typeof installProfileSchema>;

/** One-time enrolment codes: 4 groups of 4 from an unambiguous alphabet, e.g. "K7QH-2M9P-…". */
export const ENROLMENT_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{4}(?:-[A-HJ-NP-Z2-9]{4}){3}$/;
export const enrolmentCodeSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(ENROLMENT_CODE_PATTERN, 'an enrolment code like ABCD-EFGH-JKLM-NPQR'));

export const enrolRequestSchema = z
  .object({
    code: enrolmentCodeSchema,
    /** PKCS#10 CSR (PEM). Its subject is ignored: the server names the certificate. */
    csrPem: z.string().min(1).max(16_384).includes('-----BEGIN CERTIFICATE REQUEST-----'),
    /** From the install profile; must be the code's municipality. */
    municipalityId: externalIdSchema,
    /** A name for the PC people recognise, e.g. "Kontoret, dator 2". */
    workstationName: z.string().min(1).max(100),
  })
  .strict();
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.object({
  workstationId: uuidSchema,
  providerId: externalIdSchema,
  providerName: z.string(),
  municipalityId: externalIdSchema,
  certificatePem: z.string(),
  caCertificatePem: z.string(),
  notAfter: isoInstantSchema,
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

/**
 * Renewal over the channel the workstation already has: the current client certificate
 * authenticates it (revoked or unknown is refused as on every /v1 call), so no enrolment code is
 * needed. The request carries a CSR for a new key whose CN is the workstation's own id.
 */
export const RENEW_CERTIFICATE_PATH = '/v1/certificate/renew';

export const renewCertificateRequestSchema = z
  .object({
    csrPem: z.string().min(1).max(16_384).includes('-----BEGIN CERTIFICATE REQUEST-----'),
  })
  .strict();
export type RenewCertificateRequest = z.infer<typeof renewCertificateRequestSchema>;

export const renewCertificateResponseSchema = z.object({
  workstationId: uuidSchema,
  certificatePem: z.string().includes('-----BEGIN CERTIFICATE-----'),
  notAfter: isoInstantSchema,
});
export type RenewCertificateResponse = z.infer<typeof renewCertificateResponseSchema>;
