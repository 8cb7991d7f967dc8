-- Hands a worker up to ARGV[4] partitions of one queue, highest effective priority first, each under
-- a lease with a token of its own. Partitions whose retry backoff is over go back to the queue first.
-- Each take counts an attempt of the partition's document, before it runs: a document whose runs
-- end with its node's death (an OutOfMemoryError under ExitOnOutOfMemoryError, a native crash) is
-- counted too, and once it has been taken ARGV[5] times it is dead-lettered with ARGV[6] instead of
-- taking down node after node.
-- KEYS[1] queue, KEYS[2] delayed, KEYS[3] leases, KEYS[4] lease holders (partition -> token),
-- KEYS[5] token counter, KEYS[6] attempts (document -> takes), KEYS[7] dead letters,
-- KEYS[8] dead-letter errors, KEYS[9] dead letters by job, KEYS[10] the queue's steps (the shared
-- parts of compact entries)
-- ARGV[1] now (ms), ARGV[2] lease deadline (ms), ARGV[3] aging (ms of waiting worth one priority
-- level), ARGV[4] how many the worker has room for, ARGV[5] attempts allowed (max_retries + 1),
-- ARGV[6] the error of a partition taken more often than that
-- A queue score is (time queued - priority * aging): strict priority order among partitions queued
-- within aging * (difference in priority) of each other, FIFO within one priority, and no partition
-- waits more than 20 * aging behind newer, higher-priority work.
-- Returns {{partition, token, attempt, partition, token, attempt, ...}, {partitions dead-lettered},
-- {step, shared part, ...}}: the attempt is the document's count of takes, this one included (what
-- GET /api/tasks shows); a dead letter is in its full form; the shared parts are those of the compact
-- entries taken, so that the taker reads them without a call of its own. A compact entry whose
-- shared part is gone is dropped: its job has ended, nobody waits for it.
-- include: partition_fields
steps_key = KEYS[10]
local now = tonumber(ARGV[1])
local aging = tonumber(ARGV[3])
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for _, member in ipairs(due) do
  local priority = tonumber(string.match(member, '^(-?%d+)\t'))
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[1], now - priority * aging, member)
end
local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[4]))
local taken = {}
local dead = {}
local allowed = tonumber(ARGV[5])
local runnable = {}
for i = 1, #popped, 2 do
  local full = expand(popped[i])
  -- A compact entry that stays compact is an orphan (its job ended): it is dropped.
  if full ~= popped[i] or not string.find(full, '^-?%d+\t@') then
    -- The count is kept past the dead letter, until the job ends or is retried
    -- (forget_attempts.lua): a restarted execution queues the document again, and that copy must be
    -- refused too.
    local attempt = redis.call('HINCRBY', KEYS[6], document(full), 1)
    if attempt > allowed then
      redis.call('ZADD', KEYS[7], now, full)
      redis.call('HSET', KEYS[8], full, ARGV[6])
      local entry = by_job(full)
      if entry then
        redis.call('ZADD', KEYS[9], 0, entry)
      end
      dead[#dead + 1] = full
    else
      runnable[#runnable + 1] = popped[i]
      runnable[#runnable + 1] = attempt
    end
  end
end
local shared = {}
for step, part in pairs(shared_parts) do
  if part then
    shared[#shared + 1] = step
    shared[#shared + 1] = part
  end
end
popped = runnable
if #popped == 0 then
  return {taken, dead, shared}
end
-- One INCRBY reserves a token for each partition taken: tokens stay unique per lease. Leases and
-- holders are written a chunk at a time (unpack has a limit on how many values it spreads).
local token = redis.call('INCRBY', KEYS[5], #popped / 2) - #popped / 2
local leases = {}
local holders = {}
for i = 1, #popped, 2 do
  token = token + 1
  leases[#leases + 1] = ARGV[2]
  leases[#leases + 1] = popped[i]
  holders[#holders + 1] = popped[i]
  holders[#holders + 1] = token
  taken[#taken + 1] = popped[i]
  taken[#taken + 1] = tostring(token)
  taken[#taken + 1] = popped[i + 1]
  if #leases == 1000 or i + 1 == #popped then
    redis.call('ZADD', KEYS[3], unpack(leases))
    redis.call('HSET', KEYS[4], unpack(holders))
    leases = {}
    holders = {}
  end
end
return {taken, dead, shared}
