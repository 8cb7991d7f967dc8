-- Records a new JSR-352 job instance.
-- KEYS[1] instance hash, KEYS[2] the job's instance index (sorted set)
-- ARGV[1] instance id, ARGV[2] application name
redis.call('HSET', KEYS[1], 'app', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
return 1
