// Who is calling, once the channel checks have passed.
export interface Principal {
  workstationId: string;
  providerId: string;
  municipalityId: string;
  sourceAddress: string;
  /** The certificate this request presented (the current one, or the one a renewal replaced). */
  certificateNotAfter: Date;
  certificateFingerprint: string;
}
