// Pins the fetch stage's public surface: a change here is a change for every caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fetchStage from './index.ts';

test('index.ts exports exactly the public surface', () => {
  assert.deepEqual(Object.keys(fetchStage).sort(), [
    'DEFAULT_ACCEPT',
    'FETCH_DEFAULTS',
    'bypassesProxy',
    'classifyAddress',
    'classifyError',
    'classifyResponse',
    'createFetcher',
    'createLimiter',
    'fetchResource',
    'formatDuration',
    'isPrivateAddress',
    'parseCacheLifetime',
    'parseHttpDate',
    'parseRetryAfter',
    'publishingInterval',
    'redirectKind',
    'scheduleNextCheck',
    'selectProxy',
  ]);
  assert.equal(fetchStage.FETCH_DEFAULTS.maxBodyBytes, 20 * 1024 * 1024);
  assert.equal(fetchStage.FETCH_DEFAULTS.maxRedirects, 5);
  assert.equal(fetchStage.FETCH_DEFAULTS.allowPrivateNetworks, false);
});
