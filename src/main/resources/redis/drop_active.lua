-- Drops a job from the active set if it has finished or expired, in one step, so that a retry that
-- reopens the job between a look and the drop keeps it active.
-- KEYS[1] job hash, KEYS[2] active jobs set; ARGV[1] the job id
-- Returns 1 when dropped.
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'finished_at') == 1 then
  return redis.call('SREM', KEYS[2], ARGV[1])
end
return 0
