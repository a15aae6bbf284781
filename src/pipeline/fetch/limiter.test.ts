import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter } from './limiter.ts';

/** A task that records how many run at once, overall and per key, and finishes when told. */
function harness() {
  const running = new Map<string, number>();
  let total = 0;
  let maxTotal = 0;
  const maxPerKey = new Map<string, number>();
  const release: Array<() => void> = [];
  const task = (key: string) => () =>
    new Promise<string>((done) => {
      total++;
      maxTotal = Math.max(maxTotal, total);
      running.set(key, (running.get(key) ?? 0) + 1);
      maxPerKey.set(key, Math.max(maxPerKey.get(key) ?? 0, running.get(key)!));
      release.push(() => {
        total--;
        running.set(key, running.get(key)! - 1);
        done(key);
      });
    });
  const drain = async () => {
    await new Promise((r) => setImmediate(r));
    while (release.length > 0) {
      release.shift()!();
      await new Promise((r) => setImmediate(r)); // lets the next waiting task start
    }
  };
  return { task, drain, stats: () => ({ maxTotal, maxPerKey }) };
}

test('createLimiter: never more than perHost per key nor overall in all', async () => {
  const limiter = createLimiter({ overall: 3, perHost: 2 });
  const h = harness();
  const keys = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c'];
  const all = Promise.all(keys.map((k) => limiter.run(k, h.task(k))));
  await new Promise((r) => setImmediate(r));
  assert.equal(limiter.active, 3);
  assert.equal(limiter.pending, 5);
  await h.drain();
  assert.deepEqual(await all, keys);
  assert.equal(h.stats().maxTotal, 3);
  assert.equal(Math.max(...h.stats().maxPerKey.values()), 2);
  assert.equal(limiter.active, 0);
});

test('createLimiter: a full host does not hold back other hosts', async () => {
  const limiter = createLimiter({ overall: 2, perHost: 1 });
  const order: string[] = [];
  let releaseA!: () => void;
  const a1 = limiter.run('a', () => new Promise<void>((done) => (order.push('a1'), (releaseA = done))));
  const a2 = limiter.run('a', async () => void order.push('a2'));
  const b1 = limiter.run('b', async () => void order.push('b1'));
  await b1;
  assert.deepEqual(order, ['a1', 'b1']);
  releaseA();
  await Promise.all([a1, a2]);
  assert.deepEqual(order, ['a1', 'b1', 'a2']);
});

test('createLimiter: a failing or throwing task releases its slot', async () => {
  const limiter = createLimiter({ overall: 1, perHost: 1 });
  await assert.rejects(limiter.run('a', async () => { throw new Error('x'); }), /x/);
  await assert.rejects(limiter.run('a', () => { throw new Error('sync'); }), /sync/);
  assert.equal(await limiter.run('a', async () => 'ok'), 'ok');
  assert.equal(limiter.active, 0);
});
