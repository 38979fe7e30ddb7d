import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndex, newDataKey, open, seal, unwrapKey, wrapKey } from './field-crypto.js';
import { masterKeyId } from './master-key.js';

describe('field encryption', () => {
  const key = newDataKey();

  it('opens what it sealed, and never shows the plaintext in the ciphertext', () => {
    const s = seal(key, 'Zaïna Canary-7781', 'protection_people.given_name.p1');
    expect(s).not.toContain('Canary');
    expect(open(key, s, 'protection_people.given_name.p1')).toBe('Zaïna Canary-7781');
    // A fresh nonce each time: equal values do not give equal ciphertexts.
    expect(seal(key, 'same', 'a')).not.toBe(seal(key, 'same', 'a'));
  });

  it('refuses a ciphertext moved to another row or column, changed, or opened with another key', () => {
    const s = seal(key, 'value', 'protection_people.given_name.p1');
    expect(() => open(key, s, 'protection_people.given_name.p2')).toThrow();
    expect(() => open(key, s, 'protection_people.family_name.p1')).toThrow();
    const raw = Buffer.from(s.slice(3), 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => open(key, `v1.${raw.toString('base64')}`, 'protection_people.given_name.p1')).toThrow();
    expect(() => open(newDataKey(), s, 'protection_people.given_name.p1')).toThrow();
  });

  it('wraps a data key with a master key that it names, and unwraps it only with that master key', () => {
    const masterKey = randomBytes(32);
    const master = { id: masterKeyId(masterKey), key: masterKey };
    const wrapped = wrapKey(master, key, 'person:p1');
    expect(wrapped.startsWith(`${master.id}.`)).toBe(true);
    expect(unwrapKey(new Map([[master.id, master.key]]), wrapped, 'person:p1').equals(key)).toBe(true);
    expect(() => unwrapKey(new Map(), wrapped, 'person:p1')).toThrow(/does not hold/);
    expect(() => unwrapKey(new Map([[master.id, master.key]]), wrapped, 'person:p2')).toThrow();
  });

  it('matches exact values through a keyed hash, whatever their case, accents composed or not, or spacing', () => {
    const k = randomBytes(32);
    expect(blindIndex(k, 'name', '  María  JOSÉ ')).toBe(blindIndex(k, 'name', 'mari\u0301a josé'));
    expect(blindIndex(k, 'name', 'maria')).not.toBe(blindIndex(k, 'name', 'maría'));
    expect(blindIndex(k, 'name', 'x')).not.toBe(blindIndex(randomBytes(32), 'name', 'x'));
    expect(blindIndex(k, 'name', 'x')).not.toBe(blindIndex(k, 'birth', 'x'));
  });
});
