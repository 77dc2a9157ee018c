// `sources.caep` in vigil.yaml: the transmitters Vigil trusts. Each issuer brings its own public keys, inline
// (`jwks: {keys: […]}`) or from a file read once (`jwksFile`); a SET from any other issuer is rejected.
import { z } from 'zod';

/** Asymmetric JWS algorithms only: a shared secret would let any holder forge events. */
export const SET_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;

const JwkSchema = z
  .looseObject({ kty: z.string().min(1) })
  .refine((k) => !('d' in k), { message: 'a JWKS for verification holds public keys only (this key has a private "d")' })
  .refine((k) => k.kty !== 'oct', { message: 'symmetric ("oct") keys are not accepted' });

export const JwksSchema = z.looseObject({ keys: z.array(JwkSchema).min(1, 'the JWKS has no keys') });

const IssuerSchema = z
  .strictObject({
    issuer: z.string().min(1),
    jwks: JwksSchema.optional(),
    jwksFile: z.string().min(1).optional(),
    /** When set, the SET's `aud` must name (one of) these. */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  })
  .refine((i) => (i.jwks === undefined) !== (i.jwksFile === undefined), { message: 'give exactly one of jwks or jwksFile' });

export const CaepSettingsSchema = z
  .strictObject({
    issuers: z.array(IssuerSchema).default([]),
    /** SSF requires `typ: secevent+jwt`; turn off only for transmitters that predate it. */
    requireTyp: z.boolean().default(true),
    clockToleranceSeconds: z.number().int().min(0).max(3600).default(60),
    algorithms: z
      .array(z.enum(SET_ALGORITHMS))
      .min(1)
      .default([...SET_ALGORITHMS]),
  })
  .refine((s) => new Set(s.issuers.map((i) => i.issuer)).size === s.issuers.length, { message: 'an issuer is listed twice', path: ['issuers'] });

export type CaepSettings = z.output<typeof CaepSettingsSchema>;
export type CaepIssuer = CaepSettings['issuers'][number];
