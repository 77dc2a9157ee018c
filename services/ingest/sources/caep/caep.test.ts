import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceContext } from '../../source.js';
import { problemsOf, runSource, testContext } from '../../testing/source-harness.js';
import { caepSource } from './index.js';
import { IDP, MDM, NOW, RECEIVER, b64url, caepContext, issuerKey, payloadFixture, signSet, type IssuerKey } from './testing.js';

let idp: IssuerKey;
let mdm: IssuerKey;
let attacker: IssuerKey;
let ctx: SourceContext;

beforeAll(async () => {
  idp = await issuerKey('EdDSA', 'idp-2026');
  mdm = await issuerKey('ES256', 'mdm-1');
  attacker = await issuerKey('EdDSA', 'idp-2026');
  ctx = caepContext(idp, mdm);
});

const run = (value: string | Buffer, c = ctx) => runSource(caepSource, value, c);
const signed = async (name: string, key?: IssuerKey) => {
  const payload = payloadFixture(name);
  return signSet(payload, key ?? (payload.iss === MDM ? mdm : idp));
};
const reasonOf = async (value: string, c = ctx) => {
  const out = await run(value, c);
  expect(out.signals).toEqual([]);
  expect(out.deadletters).toHaveLength(1);
  return { code: out.deadletters[0]!.code, reason: out.deadletters[0]!.reason };
};

describe('caep source: events', () => {
  it('maps session-revoked with a complex subject (Ed25519)', async () => {
    const out = await run(await signed('session-revoked.json'));
    expect(out.deadletters).toEqual([]);
    expect(out.signals[0]).toMatchObject({
      source: 'caep',
      type: 'session.revoked',
      time: '2026-03-02T09:15:00.000Z',
      severity: 60,
      subjects: { user: 'dana.ruiz@acme.example', session: 'dMTlD|1600802906337.16|16008.16' },
      attributes: {
        event_type: 'caep.session-revoked',
        initiating_entity: 'policy',
        reason: 'Landspeed Policy Violation: C076E82F',
        issuer: IDP,
        jti: '24c63fb56e5a2d77a6b512616ca9fa24',
        txn: '8675309',
      },
      raw_ref: { topic: 'vigil.raw.caep', partition: 0, offset: '0' },
    });
  });

  it('maps credential-change, assurance-level-change and token-claims-change for the user named', async () => {
    const [cred, assurance, claims] = await Promise.all(
      ['credential-change.json', 'assurance-level-change.json', 'token-claims-change.json'].map(async (f) => (await run(await signed(f))).signals[0]),
    );
    expect(cred).toMatchObject({
      type: 'identity.credential_change',
      severity: 40,
      subjects: { user: 'carol.young@acme.example' },
      attributes: { change_type: 'create', credential_type: 'fido2-roaming', initiating_entity: 'user', reason: 'User self-enrollment' },
    });
    expect(assurance).toMatchObject({
      type: 'identity.assurance_change',
      severity: 40,
      subjects: { user: 'eve@acme.example' },
      attributes: { namespace: 'NIST-AAL', current_level: 'nist-aal1', previous_level: 'nist-aal2', change_direction: 'decrease' },
    });
    expect(claims).toMatchObject({
      type: 'identity.claims_change',
      severity: 30,
      subjects: { user: 'frank@acme.example' },
      attributes: { changed_claims: ['role', 'trusted_network'] },
    });
  });

  it('maps device-compliance-change to device.compliance for the aliased device (ES256)', async () => {
    const out = await run(await signed('device-compliance-change.json'));
    expect(out.signals[0]).toMatchObject({
      type: 'device.compliance',
      severity: 60,
      subjects: { device: 'laptop-carol' },
      attributes: { compliant: false, previous_compliant: true, reason: 'Location Policy Violation: C076E8A3' },
    });
    expect(out.signals[0]!.subjects.user).toBeUndefined();
  });

  it('maps risk-level-change to identity.risk with lower-cased levels', async () => {
    const out = await run(await signed('risk-level-change.json'));
    expect(out.signals[0]).toMatchObject({
      type: 'identity.risk',
      severity: 80,
      time: new Date(1772443398 * 1000).toISOString(),
      subjects: { user: 'jane.doe@acme.example' },
      attributes: { risk_level: 'high', previous_risk_level: 'low', risk_reasons: 'PASSWORD_FOUND_IN_DATA_BREACH', principal: 'user', issuer: MDM },
    });
  });

  it('maps RISC account-disabled (subject inside the event, old subject_type) and credential-compromise (acct: URI)', async () => {
    const disabled = (await run(await signed('risc-account-disabled.json'))).signals[0];
    expect(disabled).toMatchObject({
      type: 'identity.account_disabled',
      severity: 70,
      time: '2026-03-02T09:25:00.000Z',
      subjects: { user: 'ivan@acme.example' },
      attributes: { reason: 'hijacking', event_type: 'risc.account-disabled' },
    });
    const compromise = (await run(await signed('risc-credential-compromise.json'))).signals[0];
    expect(compromise).toMatchObject({
      type: 'identity.credential_compromise',
      severity: 90,
      subjects: { user: 'gina.lopez@acme.example' },
      attributes: { credential_type: 'password', reason: 'Password found in a public breach corpus' },
    });
  });

  it('ignores event types it does not map (SSF verification)', async () => {
    expect(await run(await signed('ssf-verification.json'))).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
  });

  it('keeps the signal id on redelivery and reads a millisecond event_timestamp', async () => {
    const payload = payloadFixture('session-revoked.json');
    const a = (await run(await signSet(payload, idp))).signals[0]!;
    (payload.events as Record<string, Record<string, unknown>>)['https://schemas.openid.net/secevent/caep/event-type/session-revoked']!.event_timestamp =
      1772442900123;
    const b = (await run(await signSet(payload, idp))).signals[0]!;
    expect(b.id).toBe(a.id);
    expect(b.time).toBe('2026-03-02T09:15:00.123Z');
  });

  it('reads an RFC 8936 poll response: good SETs become signals, bad ones dead-letters named by jti', async () => {
    const good = await signed('token-claims-change.json');
    const forged = await signed('credential-change.json', attacker);
    const out = await run(JSON.stringify({ sets: { a1: good, b2: forged, c3: 42 }, moreAvailable: false }));
    expect(out.signals.map((s) => s.type)).toEqual(['identity.claims_change']);
    expect(out.deadletters).toHaveLength(1);
    expect(
      problemsOf(out)
        .map((d) => d.reason)
        .sort(),
    ).toEqual(['sets["b2"]: the signature does not verify with the keys of issuer "https://idp.acme.example/"', 'sets["c3"]: not a SET string']);
    expect(await run('{"sets":{},"moreAvailable":false}')).toMatchObject({ signals: [], deadletters: [], ignored: 1 });
  });
});

describe('caep source: rejected tokens', () => {
  it('rejects an unsigned token (alg none)', async () => {
    const token = `${b64url({ alg: 'none', typ: 'secevent+jwt' })}.${b64url(payloadFixture('session-revoked.json'))}.`;
    expect(await reasonOf(token)).toEqual({ code: 'VIGIL_ERR_SIGNATURE', reason: 'an unsigned SET (alg "none" or no alg) is not accepted' });
  });

  it('rejects a token from an issuer that is not configured', async () => {
    const token = await signSet({ ...payloadFixture('session-revoked.json'), iss: 'https://evil.example/' }, idp);
    expect(await reasonOf(token)).toEqual({ code: 'VIGIL_ERR_SIGNATURE', reason: 'issuer "https://evil.example/" is not configured (sources.caep.issuers)' });
    const none = await reasonOf(token, testContext({ now: () => NOW }));
    expect(none.reason).toBe('issuer "https://evil.example/" is not configured (sources.caep.issuers): no issuers are configured');
  });

  it('rejects a signature made by another key, with the same kid or an unknown one', async () => {
    const sameKid = await signed('session-revoked.json', attacker);
    expect(await reasonOf(sameKid)).toEqual({
      code: 'VIGIL_ERR_SIGNATURE',
      reason: 'the signature does not verify with the keys of issuer "https://idp.acme.example/"',
    });
    const otherKid = await signSet(payloadFixture('session-revoked.json'), attacker, { kid: 'rogue' });
    expect(await reasonOf(otherKid)).toEqual({
      code: 'VIGIL_ERR_SIGNATURE',
      reason: 'no key of issuer "https://idp.acme.example/" fits the token (kid "rogue", alg "EdDSA")',
    });
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await signed('session-revoked.json')).split('.');
    const tampered = `${header}.${b64url({ ...payloadFixture('session-revoked.json'), sub_id: { format: 'email', email: 'someone.else@acme.example' } })}.${signature}`;
    expect(await reasonOf(tampered)).toEqual({
      code: 'VIGIL_ERR_SIGNATURE',
      reason: 'the signature does not verify with the keys of issuer "https://idp.acme.example/"',
    });
  });

  it('rejects non-JWS garbage', async () => {
    expect(await reasonOf('hello world')).toEqual({ code: 'VIGIL_ERR_PARSE', reason: 'not a compact JWS: expected three base64url parts separated by dots' });
    expect(await reasonOf('a.b')).toEqual({ code: 'VIGIL_ERR_PARSE', reason: 'not a compact JWS: expected three base64url parts separated by dots' });
    expect(await reasonOf('{"hello":"world"}')).toMatchObject({ code: 'VIGIL_ERR_UNSUPPORTED' });
    expect(await reasonOf('{"sets":')).toMatchObject({
      code: 'VIGIL_ERR_PARSE',
      reason: expect.stringMatching(/^value is neither a compact JWS nor valid JSON/),
    });
    expect((await run(Buffer.from([0xc3, 0x28]))).deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_PARSE', reason: 'value is not valid UTF-8' });
    expect(await reasonOf('Zm9v.YmFy.YmF6')).toEqual({ code: 'VIGIL_ERR_SIGNATURE', reason: 'the protected header is not base64url-encoded JSON' });
    expect(await reasonOf('a.b.c.d.e')).toMatchObject({ code: 'VIGIL_ERR_UNSUPPORTED', reason: 'an encrypted SET (JWE) is not supported: send signed SETs' });
  });

  it('rejects an expired SET, a wrong typ, a symmetric alg and an audience that is not this receiver', async () => {
    const expired = await signSet({ ...payloadFixture('session-revoked.json'), exp: NOW / 1000 - 3600 }, idp);
    expect(await reasonOf(expired)).toEqual({ code: 'VIGIL_ERR_SIGNATURE', reason: `the SET expired (exp ${new Date(NOW - 3_600_000).toISOString()})` });
    const jwt = await signSet(payloadFixture('session-revoked.json'), idp, { typ: 'JWT' });
    expect(await reasonOf(jwt)).toEqual({ code: 'VIGIL_ERR_SIGNATURE', reason: 'the header typ is "JWT", expected "secevent+jwt"' });
    expect((await run(jwt, caepContext(idp, mdm, { requireTyp: false }))).signals).toHaveLength(1);
    const hs = await new SignJWT(payloadFixture('session-revoked.json')).setProtectedHeader({ alg: 'HS256', typ: 'secevent+jwt' }).sign(new Uint8Array(32));
    expect((await reasonOf(hs)).reason).toMatch(/^alg "HS256" is not accepted \(allowed: EdDSA, /);
    const wrongAud = await signSet({ ...payloadFixture('risk-level-change.json'), aud: 'https://other.example/' }, mdm);
    expect(await reasonOf(wrongAud)).toEqual({ code: 'VIGIL_ERR_SIGNATURE', reason: 'aud "https://other.example/" does not name this receiver' });
  });

  it('dead-letters a verified SET that breaks SSF rules', async () => {
    const base = payloadFixture('session-revoked.json');
    const two = await signSet(
      { ...base, events: { ...(base.events as object), 'https://schemas.openid.net/secevent/caep/event-type/token-claims-change': { claims: {} } } },
      idp,
    );
    expect(await reasonOf(two)).toEqual({
      code: 'VIGIL_ERR_VALIDATION',
      reason: 'SET 24c63fb56e5a2d77a6b512616ca9fa24: carries 2 events; SSF requires exactly one',
    });
    const noSubject = await signSet({ ...base, sub_id: { format: 'complex', tenant: { format: 'opaque', id: 't1' } } }, idp);
    expect((await reasonOf(noSubject)).reason).toBe('SET 24c63fb56e5a2d77a6b512616ca9fa24: names no user, device or session subject (sub_id)');
    const noJti = await signSet({ ...base, jti: undefined }, idp);
    expect(await reasonOf(noJti)).toMatchObject({ code: 'VIGIL_ERR_VALIDATION', reason: expect.stringMatching(/^not a Security Event Token: jti/) });
    const badRisk = payloadFixture('risk-level-change.json');
    (badRisk.events as Record<string, Record<string, unknown>>)['https://schemas.openid.net/secevent/caep/event-type/risk-level-change']!.current_level =
      'SEVERE';
    expect((await reasonOf(await signSet(badRisk, mdm))).reason).toMatch(/current_level must be LOW, MEDIUM or HIGH, got "SEVERE"/);
  });
});

describe('caep source: issuer keys', () => {
  it('tries every key when the token has no kid and several keys fit', async () => {
    const other = await issuerKey('EdDSA', 'x');
    const noKid = (k: IssuerKey) => ({ ...k.publicJwk, kid: undefined });
    const c = testContext({ now: () => NOW, settings: { issuers: [{ issuer: IDP, jwks: { keys: [noKid(other), noKid(idp)] } }] } });
    const out = await run(await signSet(payloadFixture('session-revoked.json'), idp, { kid: undefined }), c);
    expect(out.signals).toHaveLength(1);
  });

  it('reads jwksFile once and keeps using the key set it built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-caep-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [idp.publicJwk] }));
    const c = testContext({ now: () => NOW, settings: { issuers: [{ issuer: IDP, jwksFile: file }] } });
    const token = await signed('session-revoked.json');
    expect((await run(token, c)).signals).toHaveLength(1);
    rmSync(dir, { recursive: true });
    expect((await run(token, c)).signals).toHaveLength(1);
  });

  it('turns unusable issuer settings into config dead-letters naming the problem', async () => {
    const missing = testContext({ settings: { issuers: [{ issuer: IDP, jwksFile: '/nonexistent/jwks.json' }] } });
    expect(await reasonOf('a.b.c', missing)).toMatchObject({
      code: 'VIGIL_ERR_CONFIG',
      reason: expect.stringMatching(/^sources\.caep\.issuers\[0\]\.jwksFile: cannot read \/nonexistent\/jwks\.json/),
    });
    const privateKey = testContext({ settings: { issuers: [{ issuer: IDP, jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'BB' }] } }] } });
    expect(await reasonOf('a.b.c', privateKey)).toMatchObject({ code: 'VIGIL_ERR_CONFIG', reason: expect.stringMatching(/public keys only/) });
    const both = testContext({ settings: { issuers: [{ issuer: IDP, jwks: { keys: [idp.publicJwk] }, jwksFile: '/x' }] } });
    expect(await reasonOf('a.b.c', both)).toMatchObject({ code: 'VIGIL_ERR_CONFIG', reason: expect.stringMatching(/exactly one of jwks or jwksFile/) });
    const broken = testContext({
      now: () => NOW,
      settings: { issuers: [{ issuer: IDP, jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', kid: 'idp-2026', x: 'AAAA' }] } }] },
    });
    expect(await reasonOf(await signed('session-revoked.json'), broken)).toMatchObject({
      code: 'VIGIL_ERR_CONFIG',
      reason: expect.stringMatching(/^a key of issuer "https:\/\/idp\.acme\.example\/" that fits the token is not usable: /),
    });
    const typo = testContext({ settings: { issuer: [] } });
    expect(await reasonOf('a.b.c', typo)).toMatchObject({ code: 'VIGIL_ERR_CONFIG' });
  });

  it('accepts a SET whose aud list names the configured receiver', async () => {
    const out = await run(await signSet({ ...payloadFixture('risk-level-change.json'), aud: ['https://x.example/', RECEIVER] }, mdm));
    expect(out.signals).toHaveLength(1);
  });
});
