// The install profile an admin hands to a provider: which server, which CA to pin, which
// municipality. It holds nothing secret.
import type { InstallProfile } from '../../shared/sync/enrolment.ts';
import { INSTALL_PROFILE_FORMAT, installProfileSchema } from '../../shared/sync/enrolment.ts';
import type { ServerContext } from '../context.ts';
import { readCaCertificate } from '../pki/municipalityCa.ts';
import { getMunicipality } from './organisations.ts';

export async function exportInstallProfile(
  ctx: ServerContext,
  municipalityId: string,
  serverUrl: string = ctx.config.publicUrl,
): Promise<InstallProfile> {
  const m = await getMunicipality(ctx, municipalityId);
  return installProfileSchema.parse({
    format: INSTALL_PROFILE_FORMAT,
    version: 1,
    serverUrl,
    caCertificatePem: readCaCertificate(ctx.paths),
    municipalityId: m.id,
    municipalityName: m.name,
  });
}
