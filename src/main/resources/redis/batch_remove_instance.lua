-- Removes one JSR-352 job instance (after its executions) from its job's keys.
-- KEYS[1] instance hash, KEYS[2] its execution list, KEYS[3] the job's instance index,
-- KEYS[4] the job's ended instances
-- ARGV[1] instance id
-- Returns how many instances the job still has.
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return redis.call('ZCARD', KEYS[3])
