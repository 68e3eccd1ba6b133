import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isK8sError } from '../base/errors.ts';
import { nullLogger } from '../base/logger.ts';
import { openStore } from './index.ts';
import { tempDir } from './sqlite/testing.ts';

test('sqlite spec stores DIR/db/state.db and survives reopen', async () => {
  const t = tempDir();
  try {
    const s = await openStore('sqlite', { logger: nullLogger, dataDir: t.dir });
    assert.equal(s.driver, 'sqlite');
    await s.create('/a', '1');
    await s.close();
    assert.ok(existsSync(join(t.dir, 'db', 'state.db')));
    const s2 = await openStore('sqlite', { logger: nullLogger, dataDir: t.dir });
    assert.equal((await s2.get('/a'))?.value, '1');
    await s2.close();
  } finally {
    t.cleanup();
  }
});

test('sqlite:///abs/path and sqlite::memory:', async () => {
  const t = tempDir();
  try {
    const p = join(t.dir, 'x', 'my.db');
    const s = await openStore(`sqlite://${p}`, { logger: nullLogger });
    await s.create('/a', '1');
    await s.close();
    assert.ok(existsSync(p));
    const m = await openStore('sqlite::memory:', { logger: nullLogger });
    assert.equal((await m.create('/a', '1')).modRevision, 1);
    await m.close();
  } finally {
    t.cleanup();
  }
});

test('bad specs fail with BadRequest', async () => {
  for (const spec of ['sqlite', 'etcd:', 'etcd://', 'etcd://host-without-port', 'mysql://x', 'sqlite:relative.db', '::']) {
    await assert.rejects(openStore(spec, { logger: nullLogger }), (e) => isK8sError(e, 'BadRequest'), spec);
  }
});
