-- Takes the deliveries that are due, at most ARGV[3], for one node to send: each is pushed LEASE
-- ms into the future first, so that no other node sends it meanwhile, and so that a node killed
-- while sending leaves it to be sent again once the lease is over.
-- KEYS[1] the sorted set of deliveries by when they are due
-- ARGV[1] now (ms), ARGV[2] lease (ms), ARGV[3] most deliveries to take
-- Returns the delivery ids taken.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local until_ms = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], until_ms, id)
end
return due
