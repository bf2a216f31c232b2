"""The shared cache as a convenience, never a dependency: with Redis down, a read is a miss and a write is skipped
(with a log line), so an outage costs speed, not pages. What must survive an outage lives in the database."""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _degrading(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("cache unavailable, %s skipped: %s", method.__name__, error)
                return default() if callable(default) else default

        return wrapper

    return decorate


class DegradingRedisCache(RedisCache):
    """Django's Redis cache whose reads miss and writes do nothing while Redis does not answer."""

    get_many = _degrading(dict)(RedisCache.get_many)
    has_key = _degrading(False)(RedisCache.has_key)
    set = _degrading(None)(RedisCache.set)
    set_many = _degrading(list)(RedisCache.set_many)
    add = _degrading(False)(RedisCache.add)
    touch = _degrading(False)(RedisCache.touch)
    delete = _degrading(False)(RedisCache.delete)
    delete_many = _degrading(None)(RedisCache.delete_many)
    clear = _degrading(None)(RedisCache.clear)

    def get(self, key, default=None, version=None):
        """A miss (the caller's default) while Redis does not answer."""
        try:
            return super().get(key, default, version)
        except RedisError as error:
            logger.warning("cache unavailable, get skipped: %s", error)
            return default
