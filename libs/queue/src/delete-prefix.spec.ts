import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { TEST_REDIS_URL } from '../../../test/support/test-constants';
import { deleteQueuePrefix } from './delete-prefix';

describe('deleteQueuePrefix (real Redis)', () => {
  it('removes every key under the prefix and nothing else', async () => {
    const mine = `smtest-del-${randomBytes(4).toString('hex')}`;
    const other = `${mine}x`;
    const redis = new Redis(TEST_REDIS_URL);
    try {
      for (let i = 0; i < 2500; i++) await redis.set(`${mine}:ingest:${i}`, '1');
      await redis.set(`${other}:ingest:1`, 'kept');
      await deleteQueuePrefix(TEST_REDIS_URL, mine);
      expect(await redis.keys(`${mine}:*`)).toEqual([]);
      expect(await redis.get(`${other}:ingest:1`)).toBe('kept');
    } finally {
      await redis.del(`${other}:ingest:1`);
      redis.disconnect();
    }
  });
});
