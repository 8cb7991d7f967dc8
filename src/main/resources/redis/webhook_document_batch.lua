-- Claims the next batch of a job's finished documents to announce (document.finished): the
-- positions [from, to) of its list of finished documents, at most ARGV[1] of them. The claim stays
-- on the job until the caller has recorded the batch's delivery and acknowledges it: a node killed
-- in between leaves it to the next caller, who records the same delivery again (same id, no
-- second delivery), so no document goes unannounced.
-- KEYS[1] job hash, KEYS[2] the job's list of finished documents
-- ARGV[1] most documents in a batch
-- Returns {from, to}, or an empty list when every finished document was announced.
local pending = redis.call('HMGET', KEYS[1], 'document_batch_from', 'document_batch_to')
if pending[1] then
  return {tonumber(pending[1]), tonumber(pending[2])}
end
local sent = tonumber(redis.call('HGET', KEYS[1], 'document_events_sent') or '0')
local count = redis.call('LLEN', KEYS[2])
if count <= sent then
  return {}
end
local to = math.min(count, sent + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'document_batch_from', sent, 'document_batch_to', to,
  'document_events_sent', to)
return {sent, to}
