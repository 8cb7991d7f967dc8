-- Counts one request of a user in their current fixed window and says how long the window has left.
-- KEYS[1] the user's counter (RedisKeys.requestCount); ARGV[1] the window in milliseconds.
-- The window opens with the user's first request and closes ARGV[1] ms later; requests refused
-- for being over the limit count too, but never make the window longer.
-- Returns {requests in this window, milliseconds until it closes}.
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
