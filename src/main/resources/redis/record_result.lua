-- Records one document's outcome once, however many times the document ran.
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] failed set
-- ARGV[1] document index, ARGV[2] 'completed' or 'failed', ARGV[3] result JSON
-- Returns 1 when recorded, 0 when this document already had a result.
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3]) == 0 then
  return 0
end
if ARGV[2] == 'completed' then
  redis.call('HINCRBY', KEYS[1], 'completed_tasks', 1)
else
  redis.call('HINCRBY', KEYS[1], 'failed_tasks', 1)
  redis.call('SADD', KEYS[3], ARGV[1])
end
return 1
