// linkedom as patched (patches/linkedom+*.patch; see the header of index.ts): parsing registers
// no node in its listener WeakMap, and events still behave as linkedom's dispatch makes them.
// A linkedom upgrade that drops the patch fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Event, EventTarget, parseHTML } from 'linkedom';

test('parsing a page registers none of its nodes in a WeakMap', () => {
  assert.ok(parseHTML('<p>x</p>').document.querySelector('p') instanceof EventTarget, 'nodes are still EventTargets');
  const html = `<html><body>${'<div class="a"><p>text <b>bold</b></p></div>\n'.repeat(500)}</body></html>`;
  const set = WeakMap.prototype.set;
  let sets = 0;
  WeakMap.prototype.set = function (this: WeakMap<object, unknown>, key: object, value: unknown) {
    sets++;
    return set.call(this, key, value);
  };
  try {
    parseHTML(html);
  } finally {
    WeakMap.prototype.set = set;
  }
  // 3,500 nodes; a document still registers its window.
  assert.ok(sets < 5, `${sets} WeakMap entries`);
});

test("listeners: target then bubbling to the window, once, handleEvent objects, stopImmediatePropagation, preventDefault (as linkedom's own dispatch)", () => {
  const { document } = parseHTML('<html><body><div id="outer"><p id="inner">x</p></div></body></html>');
  const outer = document.getElementById('outer')!;
  const inner = document.getElementById('inner')!;
  const log: string[] = [];
  // linkedom's Event type declares neither currentTarget nor the targets' ids.
  const idOf = (target: unknown): string => (target as { id: string }).id;
  const window = document.defaultView as unknown as { addEventListener(type: string, listener: (e: Event) => void): void };
  window.addEventListener('ping', (e) => log.push(`window ${idOf(e.target)} phase ${e.eventPhase}`));
  outer.addEventListener('ping', (e: Event) => log.push(`outer target=${idOf(e.target)} current=${idOf((e as unknown as { currentTarget: unknown }).currentTarget)} phase ${e.eventPhase}`));
  inner.addEventListener('ping', () => log.push('inner once'), { once: true });
  inner.addEventListener('ping', { handleEvent: (e: Event) => log.push(`inner object phase ${e.eventPhase}`) });

  assert.equal(inner.dispatchEvent(new Event('ping', { bubbles: true })), true);
  assert.equal(inner.dispatchEvent(new Event('ping', { bubbles: false })), true);
  assert.deepEqual(log.splice(0), [
    'inner once',
    'inner object phase 2',
    'outer target=inner current=outer phase 3',
    'window inner phase 3',
    'inner object phase 2',
  ]);

  const stopper = (e: Event): void => {
    log.push('stopper');
    e.stopImmediatePropagation();
  };
  outer.addEventListener('pong', stopper);
  outer.addEventListener('pong', () => log.push('after stopper'));
  document.body.addEventListener('pong', () => log.push('body'));
  inner.dispatchEvent(new Event('pong', { bubbles: true }));
  assert.deepEqual(log.splice(0), ['stopper']);

  outer.removeEventListener('pong', stopper);
  document.body.addEventListener('pong', (e: Event) => e.preventDefault());
  const cancelable = new Event('pong', { bubbles: true, cancelable: true });
  assert.equal(inner.dispatchEvent(cancelable), false);
  assert.equal(cancelable.eventPhase, 0);
  assert.deepEqual(log.splice(0), ['after stopper', 'body']);
});
