/**
 * Telegram file_ids of uploaded charts, by content key. A chart is uploaded once and then re-sent by
 * id to every other chat; the ids are kept in the store, so a restart does not upload again. While
 * one send uploads a chart, the others that need it wait for its id instead of uploading it too.
 */
export interface MediaStore {
  get(cacheKey: string): Promise<string | null>;
  put(cacheKey: string, fileId: string): Promise<void>;
}

export type MediaLease =
  | { fileId: string; done?: undefined }
  /** The caller uploads, then says what id it got (null when the upload failed: another caller tries). */
  | { fileId: null; done(fileId: string | null): void };

export function createMediaCache(store?: MediaStore) {
  const known = new Map<string, string>();
  const uploading = new Map<string, Promise<void>>();
  const looked = new Map<string, Promise<void>>();

  async function lookUp(key: string): Promise<void> {
    let p = looked.get(key);
    if (!p) {
      p = (async () => {
        const id = await store?.get(key).catch(() => null);
        if (id) known.set(key, id);
      })();
      looked.set(key, p);
    }
    await p;
  }

  return {
    async acquire(key: string): Promise<MediaLease> {
      for (;;) {
        const id = known.get(key);
        if (id) return { fileId: id };
        const inFlight = uploading.get(key);
        if (inFlight) {
          await inFlight;
          continue;
        }
        await lookUp(key);
        if (known.has(key) || uploading.has(key)) continue;
        let finish!: () => void;
        uploading.set(key, new Promise<void>((r) => (finish = r)));
        return {
          fileId: null,
          done(fileId) {
            if (fileId) {
              known.set(key, fileId);
              void store?.put(key, fileId).catch(() => undefined);
            }
            uploading.delete(key);
            finish();
          },
        };
      }
    },
    async forget(key: string, fileId: string): Promise<void> {
      if (known.get(key) === fileId) known.delete(key);
    },
  };
}
