-- Closes a job when its JSR-352 execution ends, and starts the TTL of all its keys.
-- KEYS[1] job hash, KEYS[2..] the job's other keys
-- ARGV[1] finish time (ISO-8601), ARGV[2] TTL in seconds,
-- ARGV[3] '1' when the batch engine itself failed, ARGV[4] the engine's error ('' if none),
-- ARGV[5] the id of the JSR-352 execution that ended: an older execution does not close a newer one
-- A cancelled job stays CANCELLED. Otherwise: COMPLETED when every document has an outcome and at
-- least one succeeded (or there were none), FAILED when all failed or the engine failed, and back to
-- FAILED (retryable) when the execution stopped before every document had an outcome or before the
-- listing of its source ended.
-- Returns the final status.
local job = KEYS[1]
local status = redis.call('HGET', job, 'status')
if not status then
  return ''
end
local current = redis.call('HGET', job, 'execution_id')
if current and current ~= ARGV[5] then
  return ''
end
if status ~= 'CANCELLED' then
  local total = tonumber(redis.call('HGET', job, 'total_tasks') or '0')
  local completed = tonumber(redis.call('HGET', job, 'completed_tasks') or '0')
  local failed = tonumber(redis.call('HGET', job, 'failed_tasks') or '0')
  if ARGV[3] == '1' then
    status = 'FAILED'
    redis.call('HSET', job, 'error', ARGV[4])
  elseif redis.call('HEXISTS', job, 'source') == 1 and redis.call('HGET', job, 'listing_done') ~= '1' then
    -- A job from a prefix or a manifest whose listing stopped before its end (its total is not known).
    status = 'FAILED'
    redis.call('HSET', job, 'error', 'the job stopped while its documents were listed; retry it to resume the listing')
  elseif completed + failed < total then
    status = 'FAILED'
    redis.call('HSET', job, 'error', 'the job stopped before every document was processed; retry it')
  elseif completed == 0 and total > 0 then
    status = 'FAILED'
    redis.call('HSET', job, 'error', 'every document failed; see the results for each error')
  else
    status = 'COMPLETED'
  end
  redis.call('HSET', job, 'status', status)
end
redis.call('HSET', job, 'finished_at', ARGV[1])
local ttl = tonumber(ARGV[2])
for i = 1, #KEYS do
  redis.call('EXPIRE', KEYS[i], ttl)
end
return status
