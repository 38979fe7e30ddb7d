import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** A signed statement that the audit log had this entry as its head: published, or handed to the other agency. */
export interface AuditAnchor {
  tandemAuditAnchor: 1;
  seq: number;
  hash: string;
  /** When the anchor was made (ISO 8601). */
  at: string;
  /** Who anchored (an organisation's slug), as written in the signed text. */
  by: string;
  /** Ed25519 signature, base64, over the canonical text of the other fields. */
  signature: string;
}

const signedText = (a: Omit<AuditAnchor, 'signature'>) => Buffer.from(JSON.stringify([a.tandemAuditAnchor, a.seq, a.hash, a.at, a.by]));

/** A new Ed25519 key pair for anchoring, as PEM: the private key stays with the agency, the public key goes to whoever verifies. */
export function newAnchorKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function signAnchor(head: { seq: number; hash: string }, by: string, privatePem: string, at = new Date().toISOString()): AuditAnchor {
  const body = { tandemAuditAnchor: 1 as const, seq: head.seq, hash: head.hash, at, by };
  return { ...body, signature: sign(null, signedText(body), createPrivateKey(privatePem)).toString('base64') };
}

/**
 * Reads an anchor and checks its signature against the public keys given; an anchor that does not parse, or
 * that none of the keys signed, is refused with the reason (a forged anchor must not pass as evidence).
 */
export function readAnchor(text: string, publicPems: readonly string[], where: string): AuditAnchor {
  let a: Partial<AuditAnchor>;
  try {
    a = JSON.parse(text) as Partial<AuditAnchor>;
  } catch {
    throw new Error(`${where}: not an audit anchor (not JSON)`);
  }
  if (a.tandemAuditAnchor !== 1 || !Number.isInteger(a.seq) || typeof a.hash !== 'string' || typeof a.at !== 'string' || typeof a.by !== 'string' || typeof a.signature !== 'string') {
    throw new Error(`${where}: not an audit anchor (expected tandemAuditAnchor, seq, hash, at, by, signature)`);
  }
  const anchor = a as AuditAnchor;
  const keys: KeyObject[] = publicPems.map((p) => createPublicKey(p));
  const signature = Buffer.from(anchor.signature, 'base64');
  if (!keys.some((k) => verify(null, signedText(anchor), k, signature))) {
    throw new Error(`${where}: the signature is not valid for any public key given (--public-key)`);
  }
  return anchor;
}
