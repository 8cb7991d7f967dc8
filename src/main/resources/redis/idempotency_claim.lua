-- Claims an Idempotency-Key for one submission, or says what already holds it. The key is a hash:
-- digest (SHA-256 of the request body), job (the job id it stands for), state (pending while the
-- job is being created, done once it exists) and claimed_at (milliseconds).
-- KEYS[1] the key's hash
-- ARGV[1] the body's digest, ARGV[2] the job id the caller will create, ARGV[3] now (ms),
-- ARGV[4] seconds the key lives, ARGV[5] ms after which a pending claim counts as abandoned (its
-- node died between claiming and creating the job)
-- Returns {outcome, job id}: claimed (the caller creates the job), done (the job exists: replay
-- it), pending (another request is creating it: ask again shortly), reused (another body).
local key = KEYS[1]
local held = redis.call('HMGET', key, 'digest', 'job', 'state', 'claimed_at')
if not held[1] then
  redis.call('HSET', key, 'digest', ARGV[1], 'job', ARGV[2], 'state', 'pending', 'claimed_at', ARGV[3])
  redis.call('EXPIRE', key, tonumber(ARGV[4]))
  return {'claimed', ARGV[2]}
end
if held[1] ~= ARGV[1] then
  return {'reused', held[2]}
end
if held[3] == 'done' then
  return {'done', held[2]}
end
if tonumber(ARGV[3]) - tonumber(held[4]) > tonumber(ARGV[5]) then
  redis.call('HSET', key, 'job', ARGV[2], 'claimed_at', ARGV[3])
  return {'claimed', ARGV[2]}
end
return {'pending', held[2]}
