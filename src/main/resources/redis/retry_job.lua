-- Prepares a finished job to run again: forgets its failed documents' outcomes so that they run again,
-- and those of documents that completed with failed pages (their failed pages are read again and the
-- document put together anew; the pages read stay read), keeps the other successful ones, and stops
-- the TTL.
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] failed set, KEYS[4..] the job's other keys, among
-- them KEYS[6] stage results hash, KEYS[9] page progress hash, KEYS[10] failed pages set
-- ARGV[1] the statuses a retry may start from, separated by commas
-- ARGV[2] the node incarnation that will coordinate the retry
-- ARGV[3] the stages whose results a document with failed pages forgets (OCR and those after it),
-- separated by commas
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
local stages = {}
for stage in string.gmatch(ARGV[3], '[^,]+') do
  stages[#stages + 1] = stage
end
local forgotten = {}
for _, field in ipairs(redis.call('SMEMBERS', KEYS[10])) do
  local index = string.match(field, '^(%d+):')
  if index and not forgotten[index] then
    forgotten[index] = true
    local had_stage = false
    for _, stage in ipairs(stages) do
      if redis.call('HDEL', KEYS[6], stage .. ':' .. index) == 1 and stage == stages[1] then
        had_stage = true
      end
    end
    if redis.call('HDEL', KEYS[2], index) == 1 then
      redis.call('HINCRBY', job, 'completed_tasks', -1)
      had_stage = true
    end
    if had_stage then
      -- It is assembled again: pages_done counts its pages, not the document (JobJson).
      redis.call('HINCRBY', KEYS[9], 'assembled', -1)
    end
  end
end
local total = tonumber(redis.call('HGET', job, 'total_tasks') or '0')
local completed = tonumber(redis.call('HGET', job, 'completed_tasks') or '0')
local pending = total - completed
-- A job whose listing (of a prefix, a manifest) did not end has documents to list still.
local listing = redis.call('HEXISTS', job, 'source') == 1 and redis.call('HGET', job, 'listing_done') ~= '1'
if pending <= 0 and not listing then
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
