-- A run of a partition failed (ARGV[1] = 'member': its worker says so, holding lease token ARGV[7])
-- or was lost (ARGV[1] = 'expired': every partition whose lease ran out, its worker dead or stuck).
-- Each goes back to the queue after an exponential backoff, or to the dead-letter queue with its
-- last error once it has used up its attempts (counted when taken, per document: dispatch_take.lua).
-- A worker whose lease was already lost changes nothing.
-- KEYS[1] leases, KEYS[2] attempts, KEYS[3] delayed, KEYS[4] dead letters, KEYS[5] dead-letter
-- errors, KEYS[6] lease holders, KEYS[7] dead letters by job, KEYS[8] the queue's steps (the shared
-- parts of compact entries: a dead letter keeps the full form, which outlives them)
-- ARGV[1] 'member' or 'expired', ARGV[2] the member (for 'member'), ARGV[3] now (ms),
-- ARGV[4] attempts allowed (max_retries + 1), ARGV[5] backoff base (ms), ARGV[6] the error,
-- ARGV[7] the worker's lease token (for 'member'), ARGV[8] the error of partitions whose lease ran
-- out on their last attempt (for 'expired')
-- Returns {how many were queued again, {the partitions dead-lettered}}: the caller counts retries and
-- dead letters where they are decided.
-- include: partition_fields
steps_key = KEYS[8]
local now = tonumber(ARGV[3])
local members
if ARGV[1] == 'expired' then
  members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 100)
elseif redis.call('HGET', KEYS[6], ARGV[2]) == ARGV[7] then
  members = {ARGV[2]}
else
  members = {}
end
local dead = {}
local retried = 0
for _, member in ipairs(members) do
  if redis.call('ZREM', KEYS[1], member) == 1 then
    redis.call('HDEL', KEYS[6], member)
    local field = document(member)
    local attempts = tonumber(redis.call('HGET', KEYS[2], field) or '1')
    if attempts >= tonumber(ARGV[4]) then
      -- The count stays (until the job ends or is retried: forget_attempts.lua). Reaping the
      -- expired lease of a superseded execution must not give the document fresh attempts while
      -- its restarted execution's copy is queued or running: that gave a poison document a third
      -- node to kill.
      local full = expand(member)
      redis.call('ZADD', KEYS[4], now, full)
      redis.call('HSET', KEYS[5], full, ARGV[1] == 'expired' and ARGV[8] or ARGV[6])
      local entry = by_job(full)
      if entry then
        redis.call('ZADD', KEYS[7], 0, entry)
      end
      dead[#dead + 1] = full
    else
      redis.call('ZADD', KEYS[3], now + tonumber(ARGV[5]) * 2 ^ (attempts - 1), member)
      retried = retried + 1
    end
  end
end
return {retried, dead}
