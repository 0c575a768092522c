"""Rate-limit counters: Redis when it answers (shared by every gunicorn worker), memory else."""

import redis

from webapp.ratelimit import MemoryCounter, RedisCounter

REDIS_URL = "redis://127.0.0.1:6379/14"


def test_redis_counter_counts_per_key_and_expires_its_window():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    counter = RedisCounter(client)
    hits = [counter.hit("answer:r1", 60) for _ in range(3)]
    assert hits == [1, 2, 3]
    assert counter.hit("answer:r2", 60) == 1  # another resident has their own count
    (bucket,) = client.keys("rl:answer:r1:*")
    assert 0 < client.ttl(bucket) <= 61  # the window's key goes away by itself
    client.flushdb()


def test_two_workers_share_one_redis_count():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    worker_a, worker_b = RedisCounter(client), RedisCounter(redis.Redis.from_url(REDIS_URL))
    assert [worker_a.hit("login:1.2.3.4", 60), worker_b.hit("login:1.2.3.4", 60)] == [1, 2]
    client.flushdb()


def test_memory_counter_starts_again_after_the_window():
    counter = MemoryCounter()
    assert [counter.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert counter.hit("short", 0) == 1  # a zero-second window has always expired
    assert counter.hit("short", 0) == 1
