-- Removes one JSR-352 job execution from its job's keys (its step executions are removed separately:
-- they live under their own hash tags).
-- KEYS[1] execution hash, KEYS[2] its parameters, KEYS[3] its step list, KEYS[4] the job's execution
-- index, KEYS[5] the job's running set, KEYS[6] the instance's execution list
-- ARGV[1] execution id
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
redis.call('LREM', KEYS[6], 0, ARGV[1])
return 1
