/**
 * Signs Apple configuration profiles as CMS SignedData, DER, content attached. The key pair
 * comes from PEM files (README.md here); the private key never leaves this module.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import forge from 'node-forge';
import { VigilError } from '../../core/errors.ts';

export interface ProfileSigner {
  /** The signer certificate's subject, for messages. */
  readonly subject: string;
  /** The DER SignedData carrying `content` (UTF-8). */
  sign(content: string): Buffer;
}

function readPem(path: string, cwd: string, what: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new VigilError(
      'FILE_UNREADABLE',
      `cannot read the ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code}`,
    );
  }
}

const invalid = (message: string) => new VigilError('SIGNING_KEY_INVALID', message);

/** Every certificate in a PEM text, the signer's first. */
function certificates(pem: string, path: string): forge.pki.Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw invalid(`${path} holds no PEM certificate`);
  try {
    return blocks.map((b) => forge.pki.certificateFromPem(b));
  } catch (err) {
    throw invalid(`${path}: ${(err as Error).message}`);
  }
}

function privateKey(pem: string, path: string): forge.pki.rsa.PrivateKey {
  if (/ENCRYPTED/.test(pem)) throw invalid(`${path} is encrypted: give an unencrypted PEM key`);
  try {
    return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  } catch (err) {
    throw invalid(`${path} is not an RSA private key in PEM: ${(err as Error).message}`);
  }
}

/** Loads the key pair, refusing a key that does not belong to the certificate. */
export function loadProfileSigner(certPath: string, keyPath: string, cwd: string): ProfileSigner {
  const certs = certificates(readPem(certPath, cwd, 'signing certificate'), certPath);
  const key = privateKey(readPem(keyPath, cwd, 'signing key'), keyPath);
  const [signer] = certs as [forge.pki.Certificate, ...forge.pki.Certificate[]];
  const publicKey = signer.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n === undefined || publicKey.n.compareTo(key.n) !== 0 || publicKey.e.compareTo(key.e) !== 0) {
    throw invalid(`${keyPath} is not the private key of the certificate in ${certPath}`);
  }
  const subject = signer.subject.attributes
    .map((a) => `${a.shortName ?? a.name}=${String(a.value)}`)
    .join(', ');
  return {
    subject,
    sign(content: string): Buffer {
      const p7 = forge.pkcs7.createSignedData();
      p7.content = forge.util.createBuffer(forge.util.encodeUtf8(content));
      for (const c of certs) p7.addCertificate(c);
      p7.addSigner({
        key,
        certificate: signer,
        digestAlgorithm: forge.pki.oids.sha256 as string,
        // No signing time: the same profile and key give the same bytes.
        authenticatedAttributes: [
          { type: forge.pki.oids.contentType as string, value: forge.pki.oids.data as string },
          { type: forge.pki.oids.messageDigest as string },
        ],
      });
      p7.sign();
      return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
    },
  };
}
