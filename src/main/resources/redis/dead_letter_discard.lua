-- Removes dead-lettered partitions, their last errors and their entries in the index by job.
-- KEYS[1] dead letters, KEYS[2] dead-letter errors, KEYS[3] dead letters by job (all under the worker
-- type's hash tag)
-- ARGV: partition, its entry in the index by job ('' for none), partition, entry, ...
-- Returns how many were there.
local removed = 0
for i = 1, #ARGV, 2 do
  redis.call('HDEL', KEYS[2], ARGV[i])
  if ARGV[i + 1] ~= '' then
    redis.call('ZREM', KEYS[3], ARGV[i + 1])
  end
  removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
end
return removed
