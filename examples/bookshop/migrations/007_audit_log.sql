CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  entity     text NOT NULL,
  entity_id  integer NOT NULL,
  action     text NOT NULL,
  detail     jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
