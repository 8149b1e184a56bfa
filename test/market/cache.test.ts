import { describe, expect, it } from 'vitest';
import { createTtlCache } from '../../bot/market/cache.js';

function setup(ttlMs = 1000) {
  let t = 0;
  const cache = createTtlCache(ttlMs, () => t);
  let loads = 0;
  const load = (v: string) => async () => {
    loads++;
    return v;
  };
  return { cache, load, loads: () => loads, advance: (ms: number) => void (t += ms) };
}

describe('the TTL cache', () => {
  it('serves a settled value until it is ttl old, then loads again', async () => {
    const { cache, load, loads, advance } = setup();
    await cache.get('k', load('a'));
    advance(999);
    expect(await cache.get('k', load('b')), 'still fresh').toBe('a');
    advance(1);
    expect(await cache.get('k', load('c')), 'expired at ttl').toBe('c');
    expect(loads()).toBe(2);
  });

  it('a caller with a maxAge shorter than the ttl gets a younger value; others keep the cached one', async () => {
    const { cache, load, loads, advance } = setup(1000);
    await cache.get('k', load('a'));
    advance(300);
    expect(await cache.get('k', load('b'), 500), '300 ms old is within this caller\'s 500').toBe('a');
    advance(300);
    expect(await cache.get('k', load('c'), 500), '600 ms old is too old for this caller: it loads').toBe('c');
    expect(await cache.get('k', load('d')), 'the fresh value is what everyone gets now').toBe('c');
    expect(loads()).toBe(2);
  });

  it('shares one load among concurrent callers (single-flight)', async () => {
    const { cache, load, loads } = setup();
    const all = await Promise.all(Array.from({ length: 100 }, () => cache.get('k', load('a'))));
    expect(new Set(all)).toEqual(new Set(['a']));
    expect(loads()).toBe(1);
  });

  it('does not cache a failure: the next caller tries again', async () => {
    const { cache } = setup();
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  it('stays bounded when keys keep changing (a history key per day, for years)', async () => {
    const { cache, load, advance } = setup(1000);
    for (let day = 0; day < 2000; day++) {
      await cache.get(`history:BTC:${day}`, load('rows'));
      advance(1000);
    }
    expect(cache.size(), 'expired entries are swept').toBeLessThanOrEqual(256);
  });
});
