-- Prepares a finished job to run again: forgets its failed documents' outcomes so that they run again,
-- keeps the successful ones, and stops the TTL.
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] failed set, KEYS[4..] the job's other keys
-- ARGV[1] the statuses a retry may start from, separated by commas
-- ARGV[2] the node incarnation that will coordinate the retry
-- Returns {1, documents to run} on success, {0, reason} otherwise.
local job = KEYS[1]
local status = redis.call('HGET', job, 'status')
if not status then
  return {0, 'not_found'}
end
-- finished_at is written when the last execution ended: until then a cancelled job may still have
-- documents in flight, and a second execution beside them would be closed by the first.
if not string.find(',' .. ARGV[1] .. ',', ',' .. status .. ',', 1, true)
    or redis.call('HEXISTS', job, 'finished_at') == 0 then
  return {0, 'not_finished'}
end
local failed = redis.call('SMEMBERS', KEYS[3])
for _, index in ipairs(failed) do
  redis.call('HDEL', KEYS[2], index)
end
redis.call('DEL', KEYS[3])
local total = tonumber(redis.call('HGET', job, 'total_tasks') or '0')
local completed = tonumber(redis.call('HGET', job, 'completed_tasks') or '0')
local pending = total - completed
if pending <= 0 then
  return {0, 'nothing_to_retry'}
end
-- The new coordinator is set here, with finished_at gone, so that no other node mistakes the job
-- for an orphan of its previous coordinator before the retry has started.
redis.call('HSET', job, 'status', 'PENDING', 'failed_tasks', 0, 'node', ARGV[2])
-- execution_id stays: the retry restarts that JSR-352 execution.
redis.call('HDEL', job, 'finished_at', 'error')
redis.call('HINCRBY', job, 'retries', 1)
for i = 1, #KEYS do
  redis.call('PERSIST', KEYS[i])
end
return {1, pending}
