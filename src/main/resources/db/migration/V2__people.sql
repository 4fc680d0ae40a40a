-- People: the per-user fields Metabase returns and accepts besides the basics of V1.
-- login_attributes is a JSON object (set by admins, echoed back); is_qbnewb is Metabase's "new to the query builder" flag.
ALTER TABLE core_user ADD COLUMN login_attributes ${text};
ALTER TABLE core_user ADD COLUMN is_qbnewb BOOLEAN DEFAULT TRUE NOT NULL;
