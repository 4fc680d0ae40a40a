-- Retention of API-key usage and rate-limit buckets (issue 13).
-- full_at: epoch ms from which the bucket is full again (written with every state, apikeys.KeyRateLimiter.fullAt); a
-- row whose full_at is past can be deleted: a new bucket is the same. Buckets written before this version counted their
-- windows from their first request, not from the key's creation, so they are dropped here: each rate-limited key starts
-- again with a full bucket, as after a change of its limit.
ALTER TABLE api_key_rate_bucket ADD COLUMN full_at BIGINT;
DELETE FROM api_key_rate_bucket;
-- The sweep looks for usage rows older than its bound by day.
CREATE INDEX idx_api_key_usage_day ON api_key_usage (day_number);
