import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfileSigner } from './profile-signer.ts';

let dir: string;

/** A self-signed RSA certificate and its key, made by openssl as an administrator would. */
function keyPair(name: string): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=Vigil ${name}`,
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      join(dir, `${name}.crt`),
    ],
    { stdio: 'pipe' },
  );
}

const PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>PayloadDisplayName</key><string>Vigil – calls ✓</string></dict></plist>
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-sign-'));
  keyPair('a');
  keyPair('b');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profile signing', () => {
  it('signs as DER SignedData with the content attached, which openssl verifies', () => {
    const signer = loadProfileSigner('a.crt', 'a.key', dir);
    expect(signer.subject).toBe('CN=Vigil a');
    const signed = signer.sign(PROFILE);
    expect(signed[0]).toBe(0x30); // a DER SEQUENCE, not PEM
    writeFileSync(join(dir, 'signed.mobileconfig'), signed);
    const content = execFileSync(
      'openssl',
      ['smime', '-verify', '-inform', 'DER', '-noverify', '-in', join(dir, 'signed.mobileconfig')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(content.equals(Buffer.from(PROFILE, 'utf8'))).toBe(true);
    // The signature checks against the signer's own certificate as the trust anchor.
    execFileSync(
      'openssl',
      [
        'smime',
        '-verify',
        '-inform',
        'DER',
        '-in',
        join(dir, 'signed.mobileconfig'),
        '-CAfile',
        join(dir, 'a.crt'),
        '-purpose',
        'any',
        '-out',
        join(dir, 'content'),
      ],
      { stdio: 'pipe' },
    );
    expect(readFileSync(join(dir, 'content'), 'utf8')).toBe(PROFILE);
  });

  it('gives the same bytes for the same profile and key', () => {
    const signer = loadProfileSigner(join(dir, 'a.crt'), join(dir, 'a.key'), '/');
    expect(signer.sign(PROFILE).equals(signer.sign(PROFILE))).toBe(true);
  });

  it('refuses a key that is not the certificate’s, a missing file and a non-PEM file', () => {
    expect(() => loadProfileSigner('a.crt', 'b.key', dir)).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }),
    );
    expect(() => loadProfileSigner('none.crt', 'a.key', dir)).toThrow(
      expect.objectContaining({ code: 'FILE_UNREADABLE' }),
    );
    writeFileSync(join(dir, 'junk.key'), 'not a key');
    expect(() => loadProfileSigner('a.crt', 'junk.key', dir)).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }),
    );
    expect(() => loadProfileSigner('a.key', 'a.key', dir)).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' }),
    );
  });
});
