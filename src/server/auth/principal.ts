// Who is calling, once the channel checks have passed.
export interface Principal {
  workstationId: string;
  providerId: string;
  municipalityId: string;
  sourceAddress: string;
  certificateNotAfter: Date;
}
