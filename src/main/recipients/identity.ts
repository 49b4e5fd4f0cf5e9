// The protected-identity rule (skyddad identitet), written once: a protected recipient's name,
// personal identity number and address are shown only to a user an administrator has given the
// right to see them (need to know). The id always shows, so the work can still be done.

/** Whoever is looking: the right comes from their user row, re-read on every call. */
export interface Viewer {
  readonly seeProtected: boolean;
}

export function mayIdentify(viewer: Viewer, recipient: { readonly protectedIdentity: boolean }): boolean {
  return !recipient.protectedIdentity || viewer.seeProtected;
}
