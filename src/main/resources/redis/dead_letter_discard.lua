-- Removes a dead-lettered partition and its last error in one step.
-- KEYS[1] dead letters, KEYS[2] dead-letter errors (both under the worker type's hash tag)
-- ARGV[1] the partition
-- Returns 1 when it was there.
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])
