-- Appends documents listed from a job's source to its document list, with the listing's checkpoint,
-- in one step: a listing resumed elsewhere after its node died starts right after the last
-- documents appended, never repeats one, never skips one.
-- KEYS[1] job hash, KEYS[2] the job's document list
-- ARGV[1] how many documents the lister knows are listed: any other count means another lister
--         went on meanwhile (a node taken for dead that was not), and nothing is written
-- ARGV[2] the listing's position after these documents (a key, a manifest's byte offset)
-- ARGV[3] '1' when these are the last: the job's total_tasks becomes the count listed
-- ARGV[4..] the documents' references, in listing order
-- Returns the count listed after the append, or -1 when nothing was written.
local job = KEYS[1]
local listed = tonumber(redis.call('HGET', job, 'listed') or '-1')
if listed ~= tonumber(ARGV[1]) or redis.call('HGET', job, 'listing_done') == '1' then
  return -1
end
local n = #ARGV - 3
-- In slices: unpack() of a whole chunk is bounded by Lua's C stack.
for from = 4, #ARGV, 500 do
  redis.call('RPUSH', KEYS[2], unpack(ARGV, from, math.min(#ARGV, from + 499)))
end
listed = listed + n
redis.call('HSET', job, 'listed', listed, 'listing_after', ARGV[2])
if ARGV[3] == '1' then
  redis.call('HSET', job, 'listing_done', '1', 'total_tasks', listed)
end
return listed
