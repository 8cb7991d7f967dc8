-- Records one page's reading or error. A page read successfully keeps its first reading (a page
-- partition that ran twice); a failed page is replaced by a later run (a retry of the job).
-- KEYS[1] page results hash, KEYS[2] page progress hash, KEYS[3] failed pages set
-- ARGV[1] field <document index>:<page>, ARGV[2] JSON, ARGV[3] '1' when the page was read, else
-- '0', ARGV[4] document index
-- Returns 1 when this call recorded it, 0 when the page had a successful reading.
local earlier = redis.call('HGET', KEYS[1], ARGV[1])
if earlier and redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '1' then
  redis.call('SREM', KEYS[3], ARGV[1])
else
  redis.call('SADD', KEYS[3], ARGV[1])
end
if not earlier then
  redis.call('HINCRBY', KEYS[2], 'pages_done', 1)
  redis.call('HINCRBY', KEYS[2], 'done:' .. ARGV[4], 1)
end
return 1
