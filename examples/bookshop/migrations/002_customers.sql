CREATE TABLE customers (
  id         serial PRIMARY KEY,
  email      text NOT NULL UNIQUE CHECK (email = lower(email)),
  name       text NOT NULL,
  country    char(2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
