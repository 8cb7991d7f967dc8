-- Records that a document's pages are read one partition each: its page plan, once, and the page
-- counters of the job and of the document (a document run twice counts once).
-- KEYS[1] paged documents hash, KEYS[2] page progress hash
-- ARGV[1] document index, ARGV[2] plan JSON, ARGV[3] pages in the document (as far as it is read),
-- ARGV[4] pages already read (from a text layer)
-- Returns 1 when this call recorded the plan, 0 when the document had one.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('HINCRBY', KEYS[2], 'documents', 1)
redis.call('HINCRBY', KEYS[2], 'pages', tonumber(ARGV[3]))
redis.call('HINCRBY', KEYS[2], 'pages_done', tonumber(ARGV[4]))
redis.call('HSET', KEYS[2], 'total:' .. ARGV[1], ARGV[3], 'done:' .. ARGV[1], ARGV[4])
return 1
