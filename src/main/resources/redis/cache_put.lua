-- Keeps a result in the result cache, and keeps the cache within its bounds: entries older than the
-- TTL leave the index, and beyond the most entries allowed the oldest are evicted.
-- KEYS[1] the entry, KEYS[2] the index (sorted set of entry keys by when they were kept, ms)
-- ARGV[1] the entry's JSON, ARGV[2] now (ms), ARGV[3] TTL (s), ARGV[4] most entries
-- Returns how many entries were evicted to make room.
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]) * 1000)
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess <= 0 then
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
for _, key in ipairs(oldest) do
  redis.call('DEL', key)
end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
return excess
