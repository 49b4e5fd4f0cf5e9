import type { RegistrationRow } from '../../../shared/api/index.ts';

export type RecipientRef = NonNullable<RegistrationRow['recipient']>;
