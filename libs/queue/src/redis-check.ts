import { ServiceUnreachableError } from '@app/config';
import Redis from 'ioredis';
import { describeRedis, redisOptionsFromUrl } from './redis-options';

const HINT =
  'Start it with `docker compose up -d redis`, or start the local service ' +
  '(e.g. `redis-server --daemonize yes` or `systemctl start redis-server`), or set REDIS_URL.';

/** One PING with no retries, so an absent Redis is reported at once instead of retried forever. */
export async function checkRedis(redisUrl: string, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...redisOptionsFromUrl(redisUrl),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket error (ECONNREFUSED...) arrives as an event; connect() only says the connection closed.
  let socketError: NodeJS.ErrnoException | undefined;
  client.on('error', (e: NodeJS.ErrnoException) => (socketError ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const err = socketError ?? (e as NodeJS.ErrnoException);
    throw new ServiceUnreachableError('Redis', describeRedis(redisUrl), err.code ?? err.message, HINT);
  } finally {
    client.disconnect();
  }
}
