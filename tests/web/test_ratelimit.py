"""Rate-limit counters: Redis when it answers (shared by every gunicorn worker), memory else."""

import time
import types
import uuid

import pytest
import redis

import webapp.ratelimit as ratelimit
from webapp.ratelimit import MemoryCounter, RedisCounter

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_client(monkeypatch):
    """A client of the test database, the counters' clock held in the middle of a 60-second
    window (hits that straddle a window's end would start a new count), and a key prefix of
    this test's own: another test run on the same Redis neither sees nor clears its keys."""
    client = redis.Redis.from_url(REDIS_URL)
    mid_window = (int(time.time()) // 60) * 60 + 30
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(
        time=lambda: mid_window, monotonic=time.monotonic))
    prefix = uuid.uuid4().hex[:12]
    yield client, prefix
    for key in client.scan_iter(f"rl:{prefix}-*"):
        client.delete(key)


def test_redis_counter_counts_per_key_and_expires_its_window(redis_client):
    client, run = redis_client
    counter = RedisCounter(client)
    hits = [counter.hit(f"{run}-answer:r1", 60) for _ in range(3)]
    assert hits == [1, 2, 3]
    assert counter.hit(f"{run}-answer:r2", 60) == 1  # another resident has their own count
    (bucket,) = client.keys(f"rl:{run}-answer:r1:*")
    assert 0 < client.ttl(bucket) <= 61  # the window's key goes away by itself


def test_two_workers_share_one_redis_count(redis_client):
    client, run = redis_client
    worker_a, worker_b = RedisCounter(client), RedisCounter(redis.Redis.from_url(REDIS_URL))
    key = f"{run}-login:1.2.3.4"
    assert [worker_a.hit(key, 60), worker_b.hit(key, 60)] == [1, 2]


def test_memory_counter_starts_again_after_the_window():
    counter = MemoryCounter()
    assert [counter.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert counter.hit("short", 0) == 1  # a zero-second window has always expired
    assert counter.hit("short", 0) == 1
