-- Ends a claim made by idempotency_claim.lua: marks it done once the job exists, or drops it when
-- the submission was refused (so that the same key may be tried again). Only the claim's own job id
-- may settle it: a claim taken over as abandoned belongs to its new holder.
-- KEYS[1] the key's hash
-- ARGV[1] the job id claimed, ARGV[2] 'done' or 'drop'
-- Returns 1 when the claim was the caller's, 0 otherwise.
local key = KEYS[1]
local held = redis.call('HMGET', key, 'job', 'state')
if held[1] ~= ARGV[1] or held[2] ~= 'pending' then
  return 0
end
if ARGV[2] == 'done' then
  redis.call('HSET', key, 'state', 'done')
else
  redis.call('DEL', key)
end
return 1
