// @vigil/signing: Ed25519 keys, detached JWS over record values, JWKS verification.
export { ALG, generateSigningKey, loadSigningKey, type SigningKey } from './keys.js';
export { signDetached, signDetachedSync, createVerifier, createSyncVerifier, createKeySetVerifier, type Verifier, type VerifyResult } from './detached-jws.js';
export { jwksOf } from './jwks.js';
export { loadTrustedKeys } from './trusted-keys.js';
