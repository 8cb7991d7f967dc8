-- Records a webhook delivery to be made, once: a second call for the same delivery id (a finish
-- run twice, by a node and by the one that took its job over) changes nothing.
-- KEYS[1] the delivery's hash, KEYS[2] the sorted set of deliveries by when they are due,
-- KEYS[3] the set of one job's delivery ids
-- ARGV[1] delivery id, ARGV[2] job id, ARGV[3] execution id, ARGV[4] event, ARGV[5] url,
-- ARGV[6] now (ms), ARGV[7] now (ISO-8601), ARGV[8] seconds the delivery is kept, then any
-- further field and value pairs to keep with it
-- Returns 1 when the delivery is new, 0 when it was recorded before.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'job', ARGV[2], 'execution', ARGV[3], 'event', ARGV[4],
  'url', ARGV[5], 'state', 'waiting', 'attempts', '0', 'created_ms', ARGV[6], 'window_ms', ARGV[6], 'created_at', ARGV[7])
for i = 9, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[8]))
redis.call('ZADD', KEYS[2], tonumber(ARGV[6]), ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('EXPIRE', KEYS[3], tonumber(ARGV[8]))
return 1
