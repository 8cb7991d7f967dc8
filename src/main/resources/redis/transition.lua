-- Moves a job to a new status, only from one of the allowed statuses.
-- KEYS[1] job hash
-- ARGV[1] new status, ARGV[2] allowed current statuses separated by commas,
-- ARGV[3..] field, value pairs to set with the transition
-- Returns {1, new status} when it moved, {0, current status} when it did not ('' for no such job).
local current = redis.call('HGET', KEYS[1], 'status')
if not current then
  return {0, ''}
end
if not string.find(',' .. ARGV[2] .. ',', ',' .. current .. ',', 1, true) then
  return {0, current}
end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return {1, ARGV[1]}
