-- Marks a running JSR-352 job execution STOPPING (for a node that does not run it itself).
-- KEYS[1] execution hash, KEYS[2] the job's running set
-- ARGV[1] execution id, ARGV[2] last-updated time (epoch ms)
-- Returns 1 when the execution was running, 0 otherwise.
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'STARTING' and status ~= 'STARTED' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'STOPPING', 'updated', ARGV[2])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
