import { fromFile, keysOf, newMasterKey, writeKeyFile, type MasterKeys } from './master-key.js';
import type { Keyring } from './keyring.service.js';

/**
 * Rotation of the master key: a new key becomes current, every data key is rewrapped under it (no data is
 * re-encrypted), and the old key is dropped. With a key file the whole dance is done here, the file always
 * holding every key some stored data key still needs; with `TANDEM_DATA_KEY` the operator supplies the next
 * key (`TANDEM_DATA_KEY_NEXT`) and then installs it.
 */
export function createKeyService(deps: { keyring: Keyring; env?: NodeJS.ProcessEnv }) {
  return {
    status: () => deps.keyring.wrappedWith().then((wrapped) => ({ current: deps.keyring.masters().current.id, source: deps.keyring.masters().source, wrapped })),

    async rotate(): Promise<{ from: string; to: string; people: number; keyring: number; instruction: string | null }> {
      const old = deps.keyring.masters();
      const env = deps.env ?? process.env;
      let next: MasterKeys;
      let instruction: string | null = null;
      if (old.file) {
        const fresh = newMasterKey();
        // Both keys on disk before any data key moves: a crash at any point leaves everything openable.
        writeKeyFile(old.file, [fresh, ...old.byId.values()]);
        next = fromFile(old.file);
      } else if (old.source === 'TANDEM_DATA_KEY') {
        const text = env.TANDEM_DATA_KEY_NEXT;
        if (!text) throw new Error('the data key comes from TANDEM_DATA_KEY: set TANDEM_DATA_KEY_NEXT to the new key (openssl rand -hex 32) and run again');
        next = keysOf([Buffer.from(text.trim(), /^[0-9a-f]+$/i.test(text.trim()) ? 'hex' : 'base64'), ...old.byId.values()], 'TANDEM_DATA_KEY_NEXT', null);
        if (next.current.key.length !== 32) throw new Error('TANDEM_DATA_KEY_NEXT must be 32 bytes (hex or base64)');
        instruction = 'set TANDEM_DATA_KEY to the value of TANDEM_DATA_KEY_NEXT, remove TANDEM_DATA_KEY_NEXT, and restart';
      } else {
        next = keysOf([newMasterKey(), ...old.byId.values()], old.source, null);
      }
      const moved = await deps.keyring.rewrapAll(next);
      const done = keysOf([next.current.key], next.source, next.file);
      if (old.file) writeKeyFile(old.file, [next.current.key]);
      // Nothing is left under the old key; from now on only the new one is held.
      await deps.keyring.rewrapAll(done);
      return { from: old.current.id, to: next.current.id, people: moved.people, keyring: moved.keyring, instruction };
    },
  };
}

export type KeyService = ReturnType<typeof createKeyService>;
