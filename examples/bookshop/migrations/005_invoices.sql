-- Invoice numbers must have no gaps a customer could notice, so they come from their own sequence.
CREATE TABLE invoices (
  id        serial PRIMARY KEY,
  order_id  integer NOT NULL UNIQUE REFERENCES orders ON DELETE CASCADE,
  number    integer NOT NULL UNIQUE,
  issued_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE invoice_numbers OWNED BY invoices.number;
